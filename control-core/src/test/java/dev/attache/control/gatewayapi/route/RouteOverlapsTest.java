package dev.attache.control.gatewayapi.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.meta.Condition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteOverlapsTest {
  private static String resources(int routes) {
    StringBuilder y = new StringBuilder("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: apps}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {namespace: apps, name: edge}
        spec:
          gatewayClassName: eg
          listeners: [{name: http, protocol: HTTP, port: 80}]
        """);
    for (int i = 0; i < routes; i++) {
      y.append("""
          ---
          apiVersion: gateway.networking.k8s.io/v1
          kind: HTTPRoute
          metadata: {namespace: apps, name: r%d}
          spec:
            parentRefs: [{name: edge}]
            hostnames: [www.example.com]
            rules: [{matches: [{path: {type: PathPrefix, value: /}}]}]
          """.formatted(i));
    }
    return y.toString();
  }

  private static List<HTTPRoute> translate(int routes) {
    var read = ResourceReader.create().readDocuments(Path.of("test.yaml"), resources(routes));
    assertThat(read.problems()).isEmpty();
    return GatewayApiTranslator.translate(read.resources(), TranslatorSettings.builder("eg").build()).resources()
        .httpRoutes();
  }

  private static Condition overlap(HTTPRoute route) {
    return route.status().parents().getFirst().conditions().stream()
        .filter(c -> c.type().equals("RouteRulesOverlap")).findFirst().orElseThrow();
  }

  @Test
  void eachRouteNamesTheOthersWithTheSameMatchSorted() {
    List<HTTPRoute> routes = translate(3);

    HTTPRoute r1 = routes.stream().filter(r -> r.name().equals("r1")).findFirst().orElseThrow();
    assertThat(overlap(r1).message())
        .isEqualTo("Overlapping match conditions with route(s): HTTPRoute apps/r0, HTTPRoute apps/r2");
    HTTPRoute r2 = routes.stream().filter(r -> r.name().equals("r2")).findFirst().orElseThrow();
    assertThat(overlap(r2).message())
        .isEqualTo("Overlapping match conditions with route(s): HTTPRoute apps/r0, HTTPRoute apps/r1");
  }

  @Test
  void aLongListIsCutToWhatAConditionKeeps() {
    List<HTTPRoute> routes = translate(2_000);

    String message = overlap(routes.getFirst()).message();
    assertThat(message).hasSize(32768).endsWith(" (message truncated).");
  }
}

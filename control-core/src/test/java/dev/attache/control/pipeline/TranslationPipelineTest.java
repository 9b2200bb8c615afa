package dev.attache.control.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What {@code serve --resources examples/quickstart} publishes. */
class TranslationPipelineTest {
  private static ResourceSet quickstart(String replaceFrom, String replaceTo) throws IOException {
    Path dir = Path.of(System.getProperty("attache.projectRoot"), "examples", "quickstart");
    String text;
    try (Stream<Path> files = Files.list(dir)) {
      text = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n---\n"));
    }
    var result = ResourceLoader.forUsers().load(dir.resolve("quickstart.yaml"), text.replace(replaceFrom, replaceTo));
    assertThat(result.problems()).isEmpty();
    return result.resources();
  }

  @Test
  void quickstartBecomesAListenerARouteAndACluster() throws Exception {
    Map<String, XdsResources> out = TranslationPipeline.defaults().translate(quickstart("", ""));

    assertThat(out).containsOnlyKeys("default/eg");
    XdsResources eg = out.get("default/eg");
    assertThat(eg.errors()).isEmpty();
    // The gateway's HTTP listener, beside Envoy Gateway's readiness listener.
    assertThat(eg.listeners()).extracting(Listener::getName).contains("default/eg/http");
    Listener http = eg.listeners().stream().filter(l -> l.getName().equals("default/eg/http")).findFirst().orElseThrow();
    assertThat(http.getAddress().getSocketAddress().getPortValue()).isEqualTo(8888);
    assertThat(eg.routes()).extracting(RouteConfiguration::getName).contains("default/eg/http");
    RouteConfiguration rc = eg.routes().stream().filter(r -> r.getName().equals("default/eg/http")).findFirst().orElseThrow();
    assertThat(rc.getVirtualHostsList()).flatExtracting(VirtualHost::getDomainsList).contains("www.example.com");
    String cluster = rc.getVirtualHosts(0).getRoutes(0).getRoute().getCluster();
    assertThat(eg.clusters()).extracting(Cluster::getName).contains(cluster);
  }

  @Test
  void gatewayClassOfAnotherControllerIsLeftAlone() throws Exception {
    Map<String, XdsResources> out = TranslationPipeline.defaults()
        .translate(quickstart("gateway.envoyproxy.io/gatewayclass-controller", "example.com/other-controller"));
    assertThat(out).isEmpty();
  }

  private static final String PARAMETERS_REF = """
      controllerName: gateway.envoyproxy.io/gatewayclass-controller
        parametersRef:
          group: gateway.envoyproxy.io
          kind: EnvoyProxy
          name: proxy-config
          namespace: envoy-gateway-system""";

  @Test
  void theGatewayClassEnvoyProxyApplies() throws Exception {
    TranslationPipeline pipeline = TranslationPipeline.defaults();
    Map<String, XdsResources> out = pipeline.translate(quickstart("controllerName: gateway.envoyproxy.io/gatewayclass-controller",
        PARAMETERS_REF + """

            ---
            apiVersion: gateway.envoyproxy.io/v1alpha1
            kind: EnvoyProxy
            metadata:
              name: proxy-config
              namespace: envoy-gateway-system
            spec:
              mergeGateways: true"""));

    // Merged gateways are published under the GatewayClass name, as in Envoy Gateway.
    assertThat(out).containsOnlyKeys("eg");
    assertThat(accepted(pipeline, "GatewayClass")).isEqualTo("True Accepted Valid GatewayClass");
  }

  @Test
  void aMissingEnvoyProxyMakesTheClassInvalidButGatewaysStillTranslate() throws Exception {
    TranslationPipeline pipeline = TranslationPipeline.defaults();
    Map<String, XdsResources> out = pipeline.translate(quickstart(
        "controllerName: gateway.envoyproxy.io/gatewayclass-controller", PARAMETERS_REF));

    assertThat(out).containsOnlyKeys("default/eg");
    assertThat(accepted(pipeline, "GatewayClass")).isEqualTo("False InvalidParameters"
        + " Invalid parametersRef: failed to find envoyproxy envoy-gateway-system/proxy-config for GatewayClass eg:"
            + " envoyproxies.gateway.envoyproxy.io \"proxy-config\" not found");
    assertThat(out.get("default/eg").listeners()).extracting(Listener::getName).contains("default/eg/http");
  }

  /** The {@code Accepted} condition of the first object of {@code kind}: status, reason and message. */
  private static String accepted(TranslationPipeline pipeline, String kind) {
    JsonNode status = (JsonNode) pipeline.statuses().stream().filter(s -> kind.equals(s.get("kind")))
        .findFirst().orElseThrow().get("status");
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asText().equals("Accepted")) {
        return c.path("status").asText() + " " + c.path("reason").asText() + " " + c.path("message").asText();
      }
    }
    throw new AssertionError(kind + " has no Accepted condition: " + status);
  }
}

package dev.attache.control.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.meta.Condition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayApiTranslatorTest {
  private static final String GATEWAY = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {namespace: infra, name: edge}
      spec:
        gatewayClassName: eg
        listeners:
        - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
        - {name: ftp, protocol: FTP, port: 21}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: apps}
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: apps, name: web}
      spec:
        clusterIP: 10.0.0.7
        ports: [{name: http, port: 8080, protocol: TCP}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: apps, name: web-1, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      ports: [{name: http, port: 8080, protocol: TCP}]
      endpoints: [{addresses: [10.1.2.3], conditions: {ready: true}}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {namespace: apps, name: shop}
      spec:
        parentRefs: [{namespace: infra, name: edge, sectionName: http}]
        hostnames: [shop.example.com]
        rules:
        - matches: [{path: {type: PathPrefix, value: /cart}}]
          backendRefs: [{name: web, port: 8080}]
        - matches: [{path: {type: Exact, value: /missing}}]
          backendRefs: [{name: nowhere, port: 8080}]
      """;

  private static ResourceSet read(String yaml) {
    var result = ResourceReader.create().readDocuments(Path.of("test.yaml"), yaml);
    assertThat(result.problems()).isEmpty();
    return result.resources();
  }

  private static TranslationResult translate(String yaml, TranslatorSettings settings) {
    return GatewayApiTranslator.translate(read(yaml), settings);
  }

  @Test
  void routeToServiceEndpointsOnTheListenerItAttachesTo() {
    TranslationResult result = translate(GATEWAY, TranslatorSettings.builder("eg").build());

    Xds xds = result.xdsIR().get("infra/edge");
    assertThat(xds.http()).extracting(HttpListener::name).containsExactly("infra/edge/http");
    HttpListener listener = xds.http().getFirst();
    assertThat(listener.port()).isEqualTo(10080);
    HttpRoute cart = listener.routes().stream()
        .filter(r -> r.name().equals("httproute/apps/shop/rule/0/match/0/shop_example_com")).findFirst().orElseThrow();
    assertThat(cart.hostname()).isEqualTo("shop.example.com");
    assertThat(cart.pathMatch().prefix()).isEqualTo("/cart");
    assertThat(cart.destination().settings().getFirst().endpoints().getFirst().host()).isEqualTo("10.1.2.3");
    assertThat(result.infraIR().get("infra/edge").proxy().listeners().getFirst().ports().getFirst().containerPort())
        .isEqualTo(10080);
  }

  @Test
  void routeToMissingServiceAnswers500AndSaysWhy() {
    TranslationResult result = translate(GATEWAY, TranslatorSettings.builder("eg").build());

    HttpRoute missing = result.xdsIR().get("infra/edge").http().getFirst().routes().stream()
        .filter(r -> r.name().startsWith("httproute/apps/shop/rule/1/")).findFirst().orElseThrow();
    assertThat(missing.directResponse().statusCode()).isEqualTo(500);
    HTTPRoute route = result.resources().httpRoutes().getFirst();
    List<Condition> conditions = route.status().parents().getFirst().conditions();
    assertThat(conditions).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo("ResolvedRefs");
      assertThat(c.status()).isEqualTo("False");
      assertThat(c.reason()).isEqualTo("BackendNotFound");
      assertThat(c.message()).contains("service apps/nowhere not found");
    });
    assertThat(conditions).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo("Accepted");
      assertThat(c.status()).isEqualTo("True");
    });
  }

  @Test
  void unsupportedListenerProtocolIsNotAcceptedAndGetsNoIr() {
    TranslationResult result = translate(GATEWAY, TranslatorSettings.builder("eg").build());

    Gateway gateway = result.resources().gateways().getFirst();
    var ftp = gateway.status().listeners().stream().filter(l -> l.name().equals("ftp")).findFirst().orElseThrow();
    assertThat(ftp.conditions()).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo("Accepted");
      assertThat(c.status()).isEqualTo("False");
      assertThat(c.reason()).isEqualTo("UnsupportedProtocol");
    });
    assertThat(result.xdsIR().get("infra/edge").tcp()).isEmpty();
  }

  @Test
  void gatewaysOfOtherClassesAreLeftAlone() {
    TranslationResult result = translate(GATEWAY, TranslatorSettings.builder("someone-else").build());

    assertThat(result.resources().gateways()).isEmpty();
    assertThat(result.resources().httpRoutes()).isEmpty();
    assertThat(result.xdsIR()).isEmpty();
  }

  @Test
  void serviceRoutingUsesTheClusterIp() {
    TranslationResult result = translate(GATEWAY, TranslatorSettings.builder("eg").endpointRoutingDisabled(true).build());

    HttpRoute cart = result.xdsIR().get("infra/edge").http().getFirst().routes().stream()
        .filter(r -> r.name().startsWith("httproute/apps/shop/rule/0/")).findFirst().orElseThrow();
    assertThat(cart.destination().settings().getFirst().endpoints().getFirst().host()).isEqualTo("10.0.0.7");
  }
}

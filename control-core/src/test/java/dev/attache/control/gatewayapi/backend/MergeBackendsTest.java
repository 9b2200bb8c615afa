package dev.attache.control.gatewayapi.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.BackendClusterRef;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MergeBackendsTest {
  private static final String BASE = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata: {name: eg}
      spec:
        controllerName: gateway.envoyproxy.io/gatewayclass-controller
        parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy, namespace: infra}
      ---
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: EnvoyProxy
      metadata: {namespace: infra, name: proxy}
      spec:
        mergeBackends: {}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: infra}
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {namespace: infra, name: edge}
      spec:
        gatewayClassName: eg
        listeners:
        - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: infra, name: web}
      spec:
        clusterIP: 10.0.0.7
        ports: [{name: http, port: 8080, protocol: TCP}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: infra, name: web-1, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      ports: [{name: http, port: 8080, protocol: TCP}]
      endpoints: [{addresses: [10.1.2.3], conditions: {ready: true}}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {namespace: infra, name: a}
      spec:
        parentRefs: [{name: edge}]
        rules:
        - matches: [{path: {type: PathPrefix, value: /a}}]
          backendRefs: [{name: web, port: 8080}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {namespace: infra, name: b}
      spec:
        parentRefs: [{name: edge}]
        rules:
        - matches: [{path: {type: PathPrefix, value: /b}}]
          backendRefs: [{name: web, port: 8080}]
      """;

  private static Xds translate(String yaml) {
    var read = ResourceReader.create().readDocuments(Path.of("test.yaml"), yaml);
    assertThat(read.problems()).isEmpty();
    // The GatewayClass's EnvoyProxy, as a provider resolves its parametersRef.
    ResourceSet.Builder resources = ResourceSet.builder();
    read.resources().objects().forEach(resources::add);
    resources.envoyProxyForGatewayClass(read.resources().envoyProxies().getFirst());
    return GatewayApiTranslator.translate(resources.build(), TranslatorSettings.builder("eg").build()).xdsIR()
        .get("infra/edge");
  }

  private static HttpRoute route(Xds xds, String name) {
    return xds.http().getFirst().routes().stream().filter(r -> r.name().startsWith("httproute/infra/" + name + "/"))
        .findFirst().orElseThrow();
  }

  @Test
  void routesToTheSameBackendShareOneCluster() {
    Xds xds = translate(BASE);

    assertThat(xds.backendClusters()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("service/infra/web/8080/http");
      assertThat(c.setting().weight()).isNull();
      assertThat(c.setting().endpoints().getFirst().host()).isEqualTo("10.1.2.3");
    });
    for (String name : new String[] {"a", "b"}) {
      var destination = route(xds, name).destination();
      assertThat(destination.settings()).isEmpty();
      assertThat(destination.backendClusterRefs()).extracting(BackendClusterRef::name)
          .containsExactly("service/infra/web/8080/http");
    }
  }

  @Test
  void aRouteWithItsOwnClusterSettingsKeepsItsOwnCluster() {
    Xds xds = translate(BASE + """
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: BackendTrafficPolicy
        metadata: {namespace: infra, name: b-breaker}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: b}]
          circuitBreaker: {maxConnections: 10}
        """);

    assertThat(route(xds, "a").destination().backendClusterRefs()).hasSize(1);
    assertThat(route(xds, "b").destination().backendClusterRefs()).isEmpty();
    assertThat(route(xds, "b").destination().settings()).singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo("httproute/infra/b/rule/0/backend/0"));
  }

  @Test
  void withoutMergeBackendsEveryRouteHasItsOwnCluster() {
    Xds xds = translate(BASE.replace("  mergeBackends: {}", "  logging: {}"));

    assertThat(xds.backendClusters()).isEmpty();
    assertThat(route(xds, "a").destination().settings()).hasSize(1);
    assertThat(route(xds, "b").destination().settings()).hasSize(1);
  }
}

package dev.attache.control.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.cli.EgctlTranslation;
import dev.attache.control.provider.FileProvider;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the two answers {@code serve} and {@code translate} used to give for the
 * same file, when they read resources by two roads (only {@code translate}'s applied the CRD
 * defaults): each is now asserted on both entry points.
 */
class ServeAndTranslateAgreeTest {
  private static final String GATEWAY_CLASS = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata: {name: eg}
      spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: default, name: backend}
      spec:
        clusterIP: 10.0.0.7
        ports: [{name: http, port: 3000, protocol: TCP}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        namespace: default
        name: backend-1
        labels: {kubernetes.io/service-name: backend}
      addressType: IPv4
      ports: [{name: http, port: 3000, protocol: TCP}]
      endpoints: [{addresses: [127.0.0.1]}]
      """;

  @TempDir
  Path dir;

  @Test
  void tlsListenerWithoutModeTerminatesInServeAsInTranslate() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    String yaml = GATEWAY_CLASS + """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {namespace: default, name: edge}
        spec:
          gatewayClassName: eg
          listeners:
          - name: tls
            protocol: TLS
            port: 8443
            tls: {certificateRefs: [{name: edge-cert}]}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {namespace: default, name: edge-cert}
        type: kubernetes.io/tls
        data: {tls.crt: %s, tls.key: %s}
        ---
        apiVersion: gateway.networking.k8s.io/v1alpha2
        kind: TCPRoute
        metadata: {namespace: default, name: db}
        spec:
          parentRefs: [{name: edge}]
          rules:
          - backendRefs: [{name: backend, port: 3000}]
        """.formatted(base64(certs.serverCert()), base64(certs.serverKey()));

    Listener served = servedListeners(yaml).stream()
        .filter(l -> l.getAddress().getSocketAddress().getPortValue() == 8443).findFirst().orElseThrow();
    assertThat(served.getFilterChains(0).hasTransportSocket()).as("serve terminates TLS").isTrue();
    assertThat(served.getFilterChains(0).getTransportSocket().getTypedConfig().getTypeUrl())
        .endsWith("DownstreamTlsContext");
    assertThat(ResourceJson.toTree(served).toString()).contains("tls-terminate-8443");

    JsonNode translated = null;
    for (JsonNode l : translated(yaml, "listener").path("default/edge").path("dynamicListeners")) {
      if (l.path("activeState").path("listener").path("name").asText().equals(served.getName())) {
        translated = l.path("activeState").path("listener");
      }
    }
    assertThat(translated).as("translate publishes listener %s", served.getName()).isNotNull();
    ObjectNode servedJson = (ObjectNode) ResourceJson.toTree(served);
    ObjectNode translatedJson = translated.deepCopy();
    translatedJson.remove("@type");
    assertThat(servedJson).as("serve and translate publish the same listener").isEqualTo(translatedJson);
  }

  @Test
  void ruleWithoutMatchesIsNamedMatch0InServeAsInTranslate() throws Exception {
    String yaml = GATEWAY_CLASS + """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {namespace: default, name: web}
        spec:
          gatewayClassName: eg
          listeners: [{name: http, protocol: HTTP, port: 8080}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {namespace: default, name: site}
        spec:
          parentRefs: [{name: web}]
          rules:
          - backendRefs: [{name: backend, port: 3000}]
        """;
    String servedName = served(yaml).get("default/web").routes().getFirst().getVirtualHosts(0).getRoutes(0).getName();
    String translatedName = translated(yaml, "route").path("default/web").path("dynamicRouteConfigs").get(0)
        .path("routeConfig").path("virtualHosts").get(0).path("routes").get(0).path("name").asText();
    assertThat(servedName).isEqualTo("httproute/default/site/rule/0/match/0/*").isEqualTo(translatedName);
  }

  private Map<String, XdsResources> served(String yaml) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), yaml);
    ResourceSet snapshot;
    try (FileProvider provider = FileProvider.builder(List.of(resources)).build().start()) {
      snapshot = provider.current();
    }
    return TranslationPipeline.defaults().translate(snapshot);
  }

  private List<Listener> servedListeners(String yaml) throws Exception {
    List<Listener> out = new ArrayList<>();
    served(yaml).values().forEach(x -> out.addAll(x.listeners()));
    return out;
  }

  private static JsonNode translated(String yaml, String type) throws Exception {
    return EgctlTranslation.translate(yaml, new EgctlTranslation.Options(List.of("xds"), type,
        "envoy-gateway-system", "cluster.local", false)).path("xds");
  }

  private static String base64(Path file) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }
}

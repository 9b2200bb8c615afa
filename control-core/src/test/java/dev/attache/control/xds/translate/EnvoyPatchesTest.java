package dev.attache.control.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.ir.IrYaml;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EnvoyPatchPolicy patches on the translated resources, and the status each policy gets. */
class EnvoyPatchesTest {
  private static final String LISTENER = """
      http:
      - name: first-listener
        address: "::"
        port: 10080
        hostnames: ["*"]
        routes:
        - name: r
          hostname: "*"
          destination:
            name: d
            settings:
            - name: d/backend/0
              endpoints:
              - host: 10.0.0.1
                port: 8080
      envoyPatchPolicies:
      - name: p
        namespace: default
        generation: 3
        status:
          ancestors:
          - ancestorRef: {group: gateway.networking.k8s.io, kind: Gateway, name: g, namespace: default}
        jsonPatches:
      """;

  private static XdsResources translate(String patches) throws Exception {
    return new XdsTranslator(new TranslatorSettings("envoy-gateway-system",
        "grpc://envoy-ratelimit.envoy-gateway-system.svc.cluster.local:8081", Set.of()))
        .translate(IrYaml.readXds(LISTENER + patches.indent(2)));
  }

  private static JsonNode condition(XdsResources out) {
    return out.patchPolicyStatuses().getFirst().status().at("/ancestors/0/conditions/0");
  }

  @Test
  void patchByPathChangesTheResourceAndProgramsThePolicy() throws Exception {
    XdsResources out = translate("""
        - type: type.googleapis.com/envoy.config.listener.v3.Listener
          name: first-listener
          operation:
            op: replace
            path: /per_connection_buffer_limit_bytes
            value: 1024
        """);
    assertThat(ResourceJson.toTree(out.listeners()).at("/0/perConnectionBufferLimitBytes").asInt())
        .isEqualTo(1024);
    assertThat(condition(out).get("reason").asText()).isEqualTo("Programmed");
    assertThat(condition(out).get("observedGeneration").asLong()).isEqualTo(3);
  }

  @Test
  void jsonPathSelectsEveryMatch() throws Exception {
    XdsResources out = translate("""
        - type: type.googleapis.com/envoy.config.route.v3.RouteConfiguration
          name: first-listener
          operation:
            op: add
            jsonPath: "$.virtual_hosts[*].routes[?(@.name == 'r')]"
            path: /route/timeout
            value: 7s
        """);
    assertThat(ResourceJson.toTree(out.routes()).at("/0/virtualHosts/0/routes/0/route/timeout")
        .asText()).isEqualTo("7s");
  }

  @Test
  void missingResourceIsReportedAndNothingElseChanges() throws Exception {
    XdsResources out = translate("""
        - type: type.googleapis.com/envoy.config.cluster.v3.Cluster
          name: nope
          operation:
            op: remove
            path: /name
        """);
    assertThat(condition(out).get("reason").asText()).isEqualTo("ResourceNotFound");
    assertThat(condition(out).get("message").asText()).isEqualTo(
        "Unable to find xds resources: type.googleapis.com/envoy.config.cluster.v3.Cluster/nope");
    assertThat(out.clusters()).hasSize(1);
  }

  @Test
  void invalidOperationIsReportedWithEnvoyGatewaysWording() throws Exception {
    XdsResources out = translate("""
        - type: type.googleapis.com/envoy.config.listener.v3.Listener
          name: first-listener
          operation:
            op: add
            path: /name
        """);
    assertThat(condition(out).get("reason").asText()).isEqualTo("Invalid");
    assertThat(condition(out).get("message").asText())
        .isEqualTo("The add operation requires a value.");
    assertThat(out.listeners().getFirst().getName()).isEqualTo("first-listener");
  }
}

package dev.attache.control.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.resource.envoygateway.ClientTrafficPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Resources print their fields as Go's encoding/json prints the upstream structs. */
class GoOmitEmptyTest {
  private static JsonNode printed(String clientValidation) {
    ReadResult read = ResourceReader.create().readDocuments(Path.of("ctp.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: ClientTrafficPolicy
        metadata: {namespace: infra, name: mtls}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: edge}]
          tls:
            clientValidation: %s
        """.formatted(clientValidation));
    assertThat(read.problems()).isEmpty();
    ClientTrafficPolicy policy = read.resources().clientTrafficPolicies().getFirst();
    return ResourceReader.create().mapper().valueToTree(policy).path("spec").path("tls").path("clientValidation");
  }

  @Test
  void omitemptyDropsAFalseBooleanAndEmptyLists() {
    JsonNode printed = printed("{optional: false, spkiHashes: [], caCertificateRefs: [{name: ca}]}");
    assertThat(printed.has("optional")).isFalse();
    assertThat(printed.has("spkiHashes")).isFalse();
    assertThat(printed.path("caCertificateRefs").size()).isEqualTo(1);
  }

  @Test
  void quantitiesArePrintedInTheirCanonicalForm() {
    ReadResult read = ResourceReader.create().readDocuments(Path.of("btp.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: BackendTrafficPolicy
        metadata: {namespace: infra, name: buffers}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
          connection: {bufferLimit: 1000G, socketBufferLimit: 2048}
        """);
    assertThat(read.problems()).isEmpty();
    JsonNode printed = ResourceReader.create().mapper().valueToTree(read.resources().backendTrafficPolicies().getFirst());
    assertThat(printed.path("spec").path("connection").path("bufferLimit").asText()).isEqualTo("1T");
    assertThat(printed.path("spec").path("connection").path("socketBufferLimit").asText()).isEqualTo("2048");
  }

  @Test
  void aMalformedQuantityIsReportedWithItsField() {
    ReadResult read = ResourceReader.create().readDocuments(Path.of("btp.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: BackendTrafficPolicy
        metadata: {namespace: infra, name: buffers}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
          connection: {bufferLimit: lots}
        """);
    assertThat(read.problems()).singleElement().asString()
        .contains("btp.yaml", "BackendTrafficPolicy infra/buffers", "spec.connection.bufferLimit", "quantities must match");
  }

  @Test
  void omitemptyKeepsATrueBoolean() {
    assertThat(printed("{optional: true}").path("optional").asBoolean()).isTrue();
  }
}

package dev.attache.extension.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.attache.extension.protocol.EnvoyGatewayExtensionGrpc;
import dev.attache.extension.protocol.PostRouteExtensionContext;
import dev.attache.extension.protocol.PostTranslateModifyRequest;
import dev.attache.extension.protocol.PostTranslateModifyResponse;
import dev.attache.extension.protocol.Service;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wire contract with Envoy Gateway: the names a peer dials and the field numbers it encodes.
 * A mismatch here means an Attaché hook server and Envoy Gateway would misread each other.
 */
class ProtocolWireTest {
  private static Map<String, Integer> fields(Descriptor d) {
    Map<String, Integer> out = new TreeMap<>();
    d.getFields().forEach(f -> out.put(f.getName(), f.getNumber()));
    return out;
  }

  @Test
  void serviceAndMethodNamesAreEnvoyGateways() {
    assertThat(EnvoyGatewayExtensionGrpc.SERVICE_NAME).isEqualTo("envoygateway.extension.EnvoyGatewayExtension");
    assertThat(EnvoyGatewayExtensionGrpc.getServiceDescriptor().getMethods())
        .extracting(m -> m.getFullMethodName())
        .containsExactlyInAnyOrder(
            "envoygateway.extension.EnvoyGatewayExtension/PostRouteModify",
            "envoygateway.extension.EnvoyGatewayExtension/PostVirtualHostModify",
            "envoygateway.extension.EnvoyGatewayExtension/PostHTTPListenerModify",
            "envoygateway.extension.EnvoyGatewayExtension/PostClusterModify",
            "envoygateway.extension.EnvoyGatewayExtension/PostEndpointsModify",
            "envoygateway.extension.EnvoyGatewayExtension/PostTranslateModify");
    assertThat(Service.getDescriptor().getName()).isEqualTo("proto/extension/service.proto");
  }

  @Test
  void fieldNumbersMatchUpstream() {
    assertThat(fields(PostTranslateModifyRequest.getDescriptor())).isEqualTo(Map.of(
        "post_translate_context", 1, "clusters", 2, "secrets", 3, "listeners", 4, "routes", 5));
    // The response numbers its lists from 1: not the request's numbers.
    assertThat(fields(PostTranslateModifyResponse.getDescriptor())).isEqualTo(Map.of(
        "clusters", 1, "secrets", 2, "listeners", 3, "routes", 4));
    assertThat(fields(PostRouteExtensionContext.getDescriptor())).isEqualTo(Map.of(
        "extension_resources", 1, "hostnames", 2, "extension_policies", 3));
  }

  @Test
  void encodedBytesCarryUpstreamTags() {
    Cluster c = Cluster.newBuilder().setName("c").build();
    byte[] request = PostTranslateModifyRequest.newBuilder().addClusters(c).build().toByteArray();
    byte[] response = PostTranslateModifyResponse.newBuilder().addClusters(c).build().toByteArray();
    // Tag = field number << 3 | wire type 2 (length-delimited).
    assertThat(request[0]).isEqualTo((byte) (2 << 3 | 2));
    assertThat(response[0]).isEqualTo((byte) (1 << 3 | 2));
  }
}

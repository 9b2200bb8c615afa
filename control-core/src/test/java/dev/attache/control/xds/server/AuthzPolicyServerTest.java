package dev.attache.control.xds.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.attache.authz.api.v1.ApiKeyAuth;
import dev.attache.authz.api.v1.ApiKeyCredential;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.api.v1.KeySource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The companion authz policy server over real gRPC, with a raw state-of-the-world ADS client. */
class AuthzPolicyServerTest {
  private SimpleMeterRegistry registry;
  private AuthzPolicyServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    registry = new SimpleMeterRegistry();
    server = AuthzPolicyServer.builder(registry).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build()
        .start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  /** namespace/name guarded by one API key whose digest is {@code digestByte} repeated. */
  private static AuthzPolicy policy(String namespace, String name, int digestByte) {
    byte[] digest = new byte[32];
    java.util.Arrays.fill(digest, (byte) digestByte);
    return AuthzPolicy.newBuilder().setNamespace(namespace).setName(name).setApiKeyAuth(ApiKeyAuth.newBuilder()
        .addExtractFrom(KeySource.newBuilder().setHeader("x-api-key"))
        .addCredentials(ApiKeyCredential.newBuilder().setClientId("client1").setKeySha256(ByteString.copyFrom(digest))))
        .build();
  }

  /** One ADS stream as node {@code nodeId}. */
  private final class Client {
    final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    final StreamObserver<DiscoveryRequest> requests;
    final Node node;

    Client(String nodeId) {
      node = Node.newBuilder().setId(nodeId).build();
      requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryResponse r) {
          responses.add(r);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
    }

    void request(String version, String nonce) {
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(AuthzPolicyServer.TYPE_URL)
          .setVersionInfo(version).setResponseNonce(nonce).build());
    }

    void nack(DiscoveryResponse r, String error) {
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(AuthzPolicyServer.TYPE_URL)
          .setResponseNonce(r.getNonce()).setErrorDetail(com.google.rpc.Status.newBuilder().setMessage(error))
          .build());
    }

    DiscoveryResponse next() throws InterruptedException {
      DiscoveryResponse r = responses.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a response").isNotNull();
      return r;
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> streams() {
    return (List<Map<String, Object>>) server.status().get("streams");
  }

  private static List<String> names(DiscoveryResponse r) {
    return r.getResourcesList().stream().map(a -> {
      try {
        AuthzPolicy p = a.unpack(AuthzPolicy.class);
        return p.getNamespace() + "/" + p.getName();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }).toList();
  }

  @Test
  void everyPolicyIsServedOnceToTheAuthzNodeWithContentVersionsAndChangesArePushed() throws Exception {
    // default/shared is named by both gateways' routes: it is served once.
    String v1 = server.publish(Map.of("default/a", List.of(policy("default", "shared", 1), policy("team", "a", 2)),
        "default/b", List.of(policy("default", "shared", 1))));
    Client client = new Client(AuthzPolicyServer.NODE_ID);
    client.request("", "");
    DiscoveryResponse first = client.next();
    assertThat(first.getVersionInfo()).isEqualTo(v1);
    assertThat(first.getTypeUrl()).isEqualTo(AuthzPolicyServer.TYPE_URL);
    assertThat(names(first)).containsExactly("default/shared", "team/a");
    client.request(v1, first.getNonce());
    await().until(() -> v1.equals(streams().getFirst().get("ackedVersion")));
    assertThat(server.status()).containsEntry("policies", List.of("default/shared", "team/a"))
        .containsEntry("nodeId", AuthzPolicyServer.NODE_ID).containsEntry("version", v1);

    // The same policies in another order are the same version: nothing is pushed.
    assertThat(server.publish(Map.of("default/b", List.of(policy("team", "a", 2), policy("default", "shared", 1)))))
        .isEqualTo(v1);
    // A changed key is a new version, pushed without a request.
    String v2 = server.publish(Map.of("default/a", List.of(policy("default", "shared", 1), policy("team", "a", 3))));
    DiscoveryResponse second = client.next();
    assertThat(second.getVersionInfo()).isEqualTo(v2).isNotEqualTo(v1);
    assertThat(second.getResources(1).unpack(AuthzPolicy.class)).isEqualTo(policy("team", "a", 3));
    assertThat(registry.get("attache.authz.xds.snapshots").counter().count()).isEqualTo(2);

    client.nack(second, "AuthzPolicy team/a: jwt.providers[0]: neither remoteJwks nor localJwks");
    await().until(() -> streams().getFirst().containsKey("lastNack"));
    assertThat(streams().getFirst()).containsEntry("ackedVersion", v1).containsEntry("sentVersion", v2)
        .containsEntry("lastNack", "AuthzPolicy team/a: jwt.providers[0]: neither remoteJwks nor localJwks");
    assertThat(registry.get("attache.authz.xds.responses").tag("result", "nack").counter().count()).isEqualTo(1);

    // Nothing left to enforce is a version too: the empty one.
    String v3 = server.publish(Map.of());
    DiscoveryResponse third = client.next();
    assertThat(third.getVersionInfo()).isEqualTo(v3).isNotIn(v1, v2);
    assertThat(third.getResourcesList()).isEmpty();
    client.request(v3, third.getNonce());
    await().until(() -> v3.equals(streams().getFirst().get("ackedVersion")));
    assertThat(streams().getFirst()).doesNotContainKey("lastNack");
  }

  @Test
  void aReconnectingServiceThatHoldsTheVersionIsNotSentItAgain() throws Exception {
    String v1 = server.publish(Map.of("default/a", List.of(policy("default", "guard", 1))));
    Client client = new Client(AuthzPolicyServer.NODE_ID);
    client.request(v1, "");
    await().until(() -> streams().size() == 1);
    String v2 = server.publish(Map.of("default/a", List.of(policy("default", "guard", 2))));
    DiscoveryResponse pushed = client.next();
    assertThat(pushed.getVersionInfo()).isEqualTo(v2);
    assertThat(client.responses).isEmpty();
  }

  @Test
  void anotherNodeIdGetsNothing() throws Exception {
    server.publish(Map.of("default/a", List.of(policy("default", "guard", 1))));
    Client other = new Client("envoy-ratelimit");
    other.request("", "");
    Client authz = new Client(AuthzPolicyServer.NODE_ID);
    authz.request("", "");
    authz.next();
    await().until(() -> streams().size() == 2);
    assertThat(streams()).filteredOn(s -> s.get("node").equals("envoy-ratelimit")).singleElement()
        .satisfies(s -> assertThat(s).containsEntry("sentVersion", ""));
    server.publish(Map.of("default/a", List.of(policy("default", "guard", 2))));
    authz.next();
    assertThat(other.responses).isEmpty();
  }
}

package dev.attache.control.xds.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.ratelimit.api.v3.RateLimitDescriptor;
import dev.attache.ratelimit.api.v3.RateLimitPolicy;
import dev.attache.ratelimit.api.v3.RateLimitUnit;
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

/** The companion rate-limit config server over real gRPC, with a raw state-of-the-world ADS client. */
class RateLimitConfigServerTest {
  private RateLimitConfigServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    server = RateLimitConfigServer.builder(new SimpleMeterRegistry()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  private static RateLimitConfig config(String domain, int requests) {
    return RateLimitConfig.newBuilder().setName(domain).setDomain(domain).addDescriptors(RateLimitDescriptor
        .newBuilder().setKey("route").setValue("route").setRateLimit(RateLimitPolicy.newBuilder()
            .setRequestsPerUnit(requests).setUnit(RateLimitUnit.HOUR))).build();
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
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(RateLimitConfigServer.TYPE_URL)
          .setVersionInfo(version).setResponseNonce(nonce).build());
    }

    void nack(DiscoveryResponse r, String error) {
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(RateLimitConfigServer.TYPE_URL)
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

  @Test
  void everyDomainOfEveryGatewayIsServedToTheRateLimitNodeAndChangesArePushed() throws Exception {
    String v1 = server.publish(Map.of("default/a", List.of(config("default/a/http", 2)),
        "default/b", List.of(config("default/b/http", 3))));
    Client client = new Client(RateLimitConfigServer.NODE_ID);
    client.request("", "");
    DiscoveryResponse first = client.next();
    assertThat(first.getVersionInfo()).isEqualTo(v1);
    assertThat(first.getTypeUrl()).isEqualTo(RateLimitConfigServer.TYPE_URL);
    assertThat(first.getResourcesList()).extracting(a -> a.unpack(RateLimitConfig.class).getDomain())
        .containsExactly("default/a/http", "default/b/http");
    client.request(v1, first.getNonce());
    await().until(() -> v1.equals(streams().getFirst().get("ackedVersion")));

    // The same content is the same version: nothing is pushed. New content is.
    assertThat(server.publish(Map.of("default/b", List.of(config("default/b/http", 3)),
        "default/a", List.of(config("default/a/http", 2))))).isEqualTo(v1);
    String v2 = server.publish(Map.of("default/a", List.of(config("default/a/http", 5))));
    DiscoveryResponse second = client.next();
    assertThat(second.getVersionInfo()).isEqualTo(v2).isNotEqualTo(v1);
    assertThat(second.getResources(0).unpack(RateLimitConfig.class)).isEqualTo(config("default/a/http", 5));

    client.nack(second, "bad limit");
    await().until(() -> "bad limit".equals(streams().getFirst().get("lastNack")));
    assertThat(streams().getFirst()).containsEntry("ackedVersion", v1);
  }

  @Test
  void anotherNodeIdGetsNothing() throws Exception {
    server.publish(Map.of("default/a", List.of(config("default/a/http", 2))));
    Client other = new Client("default");
    other.request("", "");
    Client ratelimit = new Client(RateLimitConfigServer.NODE_ID);
    ratelimit.request("", "");
    ratelimit.next();
    await().until(() -> streams().size() == 2);
    assertThat(streams()).filteredOn(s -> s.get("node").equals("default")).singleElement()
        .satisfies(s -> assertThat(s).containsEntry("sentVersion", ""));
    assertThat(other.responses).isEmpty();
  }
}

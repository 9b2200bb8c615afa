package dev.attache.control.xds.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays Envoy on an ADS stream over a real gRPC connection: sends the node on the first request
 * only (as Envoy Gateway's bootstrap configures), and hands out responses per type URL.
 */
final class AdsTestClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final Node node;
  private final boolean delta;
  private final Map<String, BlockingQueue<Object>> responses = new ConcurrentHashMap<>();
  private final StreamObserver<DiscoveryRequest> sotw;
  private final StreamObserver<DeltaDiscoveryRequest> deltaStream;
  private boolean sentNode;

  AdsTestClient(int port, Node node, boolean delta) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    this.node = node;
    this.delta = delta;
    var stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
    if (delta) {
      this.sotw = null;
      this.deltaStream = stub.deltaAggregatedResources(observer(DeltaDiscoveryResponse::getTypeUrl));
    } else {
      this.sotw = stub.streamAggregatedResources(observer(DiscoveryResponse::getTypeUrl));
      this.deltaStream = null;
    }
  }

  private <T> StreamObserver<T> observer(java.util.function.Function<T, String> typeOf) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        queue(typeOf.apply(value)).add(value);
      }

      @Override
      public void onError(Throwable t) {
        queue("error").add(t);
      }

      @Override
      public void onCompleted() {
        queue("error").add(new IllegalStateException("stream completed"));
      }
    };
  }

  private BlockingQueue<Object> queue(String type) {
    return responses.computeIfAbsent(type, k -> new LinkedBlockingQueue<>());
  }

  private Node nodeOnce() {
    if (sentNode) {
      return null;
    }
    sentNode = true;
    return node;
  }

  // ---- state of the world

  /** A request for a type: the first on a stream, or a request for (more) names. */
  void request(String typeUrl, List<String> names, String version, String nonce) {
    DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNames(names)
        .setVersionInfo(version).setResponseNonce(nonce);
    Node n = nodeOnce();
    if (n != null) {
      b.setNode(n);
    }
    sotw.onNext(b.build());
  }

  /** ACKs a response: version and nonce of it, same names. */
  void ack(DiscoveryResponse r, List<String> names) {
    request(r.getTypeUrl(), names, r.getVersionInfo(), r.getNonce());
  }

  /** NACKs a response: the previously accepted version, the nonce of the rejected one, an error. */
  void nack(DiscoveryResponse r, List<String> names, String acceptedVersion, String error) {
    sotw.onNext(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).addAllResourceNames(names)
        .setVersionInfo(acceptedVersion).setResponseNonce(r.getNonce())
        .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error)).build());
  }

  DiscoveryResponse next(String typeUrl) throws InterruptedException {
    return (DiscoveryResponse) poll(typeUrl, WAIT);
  }

  // ---- delta

  void deltaRequest(String typeUrl, List<String> subscribe, String nonce, Status error) {
    DeltaDiscoveryRequest.Builder b = DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl)
        .addAllResourceNamesSubscribe(subscribe).setResponseNonce(nonce);
    Node n = nodeOnce();
    if (n != null) {
      b.setNode(n);
    }
    if (error != null) {
      b.setErrorDetail(error);
    }
    deltaStream.onNext(b.build());
  }

  DeltaDiscoveryResponse nextDelta(String typeUrl) throws InterruptedException {
    return (DeltaDiscoveryResponse) poll(typeUrl, WAIT);
  }

  // ---- both

  /** Whether a response of this type arrives within {@code d} (it is left in the queue). */
  boolean anyWithin(String typeUrl, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      if (!queue(typeUrl).isEmpty()) {
        return true;
      }
      Thread.sleep(20);
    }
    return !queue(typeUrl).isEmpty();
  }

  private Object poll(String typeUrl, Duration d) throws InterruptedException {
    Object o = queue(typeUrl).poll(d.toMillis(), TimeUnit.MILLISECONDS);
    Object error = queue("error").peek();
    assertThat(error).as("stream error").isNull();
    assertThat(o).as("a %s response within %s", typeUrl, d).isNotNull();
    return o;
  }

  static <T extends Message> List<T> unpack(List<Any> resources, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Any a : resources) {
      try {
        out.add(a.unpack(type));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** What the server recorded for a node: versions ACKed per type URL, and its last NACK. */
  record Acked(Map<String, String> versions, String lastNack) {
  }

  boolean isDelta() {
    return delta;
  }

  @Override
  public void close() throws InterruptedException {
    if (sotw != null) {
      sotw.onCompleted();
    }
    if (deltaStream != null) {
      deltaStream.onCompleted();
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}

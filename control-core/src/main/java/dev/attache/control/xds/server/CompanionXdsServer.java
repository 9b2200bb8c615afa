package dev.attache.control.xds.server;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.attache.server.grpc.GrpcServer;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A companion's config over xDS: ADS, state of the world, one resource type, served to one node
 * id (other nodes get nothing, as a go-control-plane cache without a snapshot for them). Versions
 * are content hashes, so a restart or another replica offers the same version for the same
 * content. {@link RateLimitConfigServer} and {@link AuthzPolicyServer} are this server for their
 * types; java-control-plane's cache only knows Envoy's own resource types.
 */
final class CompanionXdsServer<T extends Message> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompanionXdsServer.class);

  /**
   * What one companion server serves.
   *
   * @param what the config's name in logs and metric descriptions ({@code rate-limit config})
   * @param metric the metric name's part ({@code attache.<metric>.xds.*})
   * @param client who consumes it, for metric descriptions ({@code the rate-limit service})
   * @param typeUrl the resource type
   * @param nodeId the one node served
   * @param nodeHint how a consumer sets its node id, for the warning to another node
   * @param keysLabel the status entry listing the served resources' keys
   * @param key a resource's key (its domain, its namespace/name); one resource a key is served
   * @param merge how two resources of one key (from two gateways) become one
   */
  record Kind<T>(String what, String metric, String client, String typeUrl, String nodeId, String nodeHint,
      String keysLabel, Function<T, String> key, BinaryOperator<T> merge) {
  }

  private final Kind<T> kind;
  private final GrpcServer grpc;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Counter published;
  private final Counter nacks;
  private volatile Snapshot<T> current = Snapshot.of(List.of());

  CompanionXdsServer(Kind<T> kind, MeterRegistry registry, String host, int port, ServerCredentials credentials,
      Duration shutdownGrace) {
    this.kind = kind;
    String described = Character.toUpperCase(kind.what().charAt(0)) + kind.what().substring(1);
    this.published = Counter.builder("attache." + kind.metric() + ".xds.snapshots").tag("result", "published")
        .description(described + " snapshots published on the companion xDS server").register(registry);
    this.nacks = Counter.builder("attache." + kind.metric() + ".xds.responses").tag("result", "nack")
        .description(described + " responses " + kind.client() + " rejected").register(registry);
    Gauge.builder("attache." + kind.metric() + ".xds.streams", streams, Set::size)
        .description("Open " + kind.what() + " xDS streams").register(registry);
    GrpcServer.Builder grpcBuilder = GrpcServer.builder(kind.metric() + "-xds").host(host).port(port)
        .shutdownGrace(shutdownGrace).addService(new Ads());
    if (credentials != null) {
      grpcBuilder.credentials(credentials);
    }
    this.grpc = grpcBuilder.build();
  }

  void start() {
    grpc.start();
  }

  int port() {
    return grpc.port();
  }

  /**
   * Makes {@code byGateway}'s resources the served snapshot (one a key, those of one key merged)
   * and pushes it to the connected consumers if it changed.
   *
   * @return the version served
   */
  synchronized String publish(Map<String, List<T>> byGateway) {
    Map<String, T> byKey = new TreeMap<>();
    new TreeMap<>(byGateway).values().forEach(resources -> resources.forEach(r ->
        byKey.merge(kind.key().apply(r), r, kind.merge())));
    Snapshot<T> next = Snapshot.of(List.copyOf(byKey.values()));
    if (next.version().equals(current.version())) {
      return next.version();
    }
    current = next;
    published.increment();
    log.info("{} xDS: version {} published ({} resource(s): {})", kind.what(), next.version(),
        next.configs().size(), String.join(", ", byKey.keySet()));
    for (Stream s : streams) {
      s.offer(next);
    }
    return next.version();
  }

  /** The version and resources served now, and each connected node's state. */
  Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    Snapshot<T> s = current;
    out.put("port", port());
    out.put("nodeId", kind.nodeId());
    out.put("version", s.version());
    out.put(kind.keysLabel(), s.configs().stream().map(kind.key()).toList());
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Stream stream : streams) {
      nodes.add(stream.status());
    }
    nodes.sort(Comparator.comparing(m -> String.valueOf(m.get("node"))));
    out.put("streams", nodes);
    return out;
  }

  @Override
  public void close() {
    grpc.shutdown();
  }

  /** What is served: the resources sorted by key and their content hash. */
  private record Snapshot<T extends Message>(List<T> configs, String version, List<Any> resources) {
    static <T extends Message> Snapshot<T> of(List<T> configs) {
      return new Snapshot<>(configs, ContentVersion.of(configs), configs.stream().map(Any::pack).toList());
    }
  }

  private final class Ads extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> responses) {
      Stream stream = new Stream(responses);
      streams.add(stream);
      return stream;
    }
  }

  /**
   * One companion's stream. State of the world: a response carries every resource; an ACK
   * (the last nonce, no error) records the version, a NACK is logged and the stream waits for the
   * next change.
   */
  private final class Stream implements StreamObserver<DiscoveryRequest> {
    private final StreamObserver<DiscoveryResponse> out;
    private String node = "";
    private boolean subscribed;
    private long nonces;
    private String sentNonce = "";
    private String sentVersion = "";
    private String ackedVersion = "";
    private String lastNack = "";

    Stream(StreamObserver<DiscoveryResponse> out) {
      this.out = out;
    }

    @Override
    public synchronized void onNext(DiscoveryRequest request) {
      if (node.isEmpty()) {
        node = request.getNode().getId();
        if (node.isEmpty()) {
          close(Status.INVALID_ARGUMENT.withDescription("the first request must name its node (node.id)"));
          return;
        }
        if (!node.equals(kind.nodeId())) {
          log.warn("{} xDS: node {} connected; only node {} is served ({})", kind.what(), node, kind.nodeId(),
              kind.nodeHint());
        }
      }
      if (!request.getTypeUrl().equals(kind.typeUrl())) {
        return; // nothing of another type is served here; the request stays unanswered, as an empty cache's
      }
      if (!request.getResponseNonce().isEmpty() && !request.getResponseNonce().equals(sentNonce)) {
        return; // about an older response
      }
      if (request.hasErrorDetail()) {
        lastNack = request.getErrorDetail().getMessage();
        nacks.increment();
        log.error("{} xDS: node {} rejected version {}: {}", kind.what(), node, sentVersion, lastNack);
        return;
      }
      if (!request.getResponseNonce().isEmpty()) {
        ackedVersion = request.getVersionInfo();
        lastNack = "";
      }
      subscribed = true;
      Snapshot<T> s = current;
      // A reconnecting client that already holds this version is not sent it again.
      if (request.getResponseNonce().isEmpty() ? !request.getVersionInfo().equals(s.version())
          : !sentVersion.equals(s.version())) {
        send(s);
      }
    }

    synchronized void offer(Snapshot<T> s) {
      if (subscribed && !sentVersion.equals(s.version())) {
        send(s);
      }
    }

    private void send(Snapshot<T> s) {
      if (!node.equals(kind.nodeId())) {
        return;
      }
      sentNonce = Long.toString(++nonces);
      sentVersion = s.version();
      try {
        out.onNext(DiscoveryResponse.newBuilder().setTypeUrl(kind.typeUrl()).setVersionInfo(s.version())
            .setNonce(sentNonce).addAllResources(s.resources()).build());
      } catch (RuntimeException e) {
        log.warn("{} xDS: sending to node {} failed: {}", kind.what(), node, e.getMessage());
        streams.remove(this);
      }
    }

    synchronized Map<String, Object> status() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node);
      m.put("sentVersion", sentVersion);
      m.put("ackedVersion", ackedVersion);
      if (!lastNack.isEmpty()) {
        m.put("lastNack", lastNack);
      }
      return m;
    }

    private void close(Status status) {
      streams.remove(this);
      try {
        out.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // already closed
      }
    }

    @Override
    public void onError(Throwable t) {
      streams.remove(this);
    }

    @Override
    public void onCompleted() {
      streams.remove(this);
      try {
        out.onCompleted();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }
}

package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The companion xDS server for the rate-limit service, as Envoy Gateway's global rate-limit runner:
 * ADS, state of the world, one type ({@value #TYPE_URL}), one {@code RateLimitConfig} per domain,
 * served to the node id {@value #NODE_ID} (the one Envoy Gateway's ratelimit Deployment runs with,
 * {@code CONFIG_GRPC_XDS_NODE_ID}); other nodes get nothing, as a go-control-plane cache without a
 * snapshot for them. Attaché's ratelimit-service and envoyproxy/ratelimit both consume it with
 * {@code CONFIG_TYPE=GRPC_XDS_SOTW}. Versions are content hashes, so a restart or another replica
 * offers the same version for the same limits.
 *
 * <p>java-control-plane's cache only knows Envoy's own resource types, hence this small server.
 */
public final class RateLimitConfigServer implements AutoCloseable {
  /** Envoy Gateway's rate-limit config xDS port. */
  public static final int DEFAULT_PORT = 18001;
  /** The node id the configuration is served to (Envoy Gateway's {@code envoy-ratelimit}). */
  public static final String NODE_ID = "envoy-ratelimit";
  public static final String TYPE_URL = "type.googleapis.com/ratelimit.config.ratelimit.v3.RateLimitConfig";

  private static final Logger log = LoggerFactory.getLogger(RateLimitConfigServer.class);

  private final GrpcServer grpc;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Counter published;
  private final Counter nacks;
  private volatile Snapshot current = Snapshot.of(List.of());

  private RateLimitConfigServer(Builder b) {
    this.published = Counter.builder("attache.ratelimit.xds.snapshots").tag("result", "published")
        .description("Rate-limit config snapshots published on the companion xDS server").register(b.registry);
    this.nacks = Counter.builder("attache.ratelimit.xds.responses").tag("result", "nack")
        .description("Rate-limit config responses the rate-limit service rejected").register(b.registry);
    Gauge.builder("attache.ratelimit.xds.streams", streams, Set::size)
        .description("Open rate-limit config xDS streams").register(b.registry);
    GrpcServer.Builder grpcBuilder = GrpcServer.builder("ratelimit-xds").host(b.host).port(b.port)
        .shutdownGrace(b.shutdownGrace).addService(new Ads());
    if (b.credentials != null) {
      grpcBuilder.credentials(b.credentials);
    }
    this.grpc = grpcBuilder.build();
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  public RateLimitConfigServer start() {
    grpc.start();
    return this;
  }

  /** The bound port (useful when the builder asked for 0). */
  public int port() {
    return grpc.port();
  }

  /**
   * Makes {@code byGateway}'s configs the served snapshot and pushes it to the connected
   * rate-limit services if it changed. Domains are unique per gateway (listener names, or a shared
   * policy's {@code <name>-<namespace>}); a shared domain several gateways use is served once, with
   * the descriptors of all of them.
   *
   * @return the version served
   */
  public synchronized String publish(Map<String, List<RateLimitConfig>> byGateway) {
    Map<String, RateLimitConfig> byDomain = new TreeMap<>();
    new TreeMap<>(byGateway).values().forEach(configs -> configs.forEach(c -> byDomain.merge(c.getDomain(), c,
        RateLimitConfigServer::merge)));
    Snapshot next = Snapshot.of(List.copyOf(byDomain.values()));
    if (next.version().equals(current.version())) {
      return next.version();
    }
    current = next;
    published.increment();
    log.info("rate-limit config xDS: version {} published ({} domain(s): {})", next.version(),
        next.configs().size(), String.join(", ", byDomain.keySet()));
    for (Stream s : streams) {
      s.offer(next);
    }
    return next.version();
  }

  /** The version and domains served now, and each connected node's state. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    Snapshot s = current;
    out.put("port", port());
    out.put("nodeId", NODE_ID);
    out.put("version", s.version());
    out.put("domains", s.configs().stream().map(RateLimitConfig::getDomain).toList());
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

  /** Top-level descriptors of {@code b} that {@code a} lacks (by key and value) are added to {@code a}. */
  private static RateLimitConfig merge(RateLimitConfig a, RateLimitConfig b) {
    RateLimitConfig.Builder out = a.toBuilder();
    for (var d : b.getDescriptorsList()) {
      boolean present = a.getDescriptorsList().stream()
          .anyMatch(x -> x.getKey().equals(d.getKey()) && x.getValue().equals(d.getValue()));
      if (!present) {
        out.addDescriptors(d);
      }
    }
    return out.build();
  }

  /** What is served: the configs sorted by domain and their content hash. */
  private record Snapshot(List<RateLimitConfig> configs, String version, List<Any> resources) {
    static Snapshot of(List<RateLimitConfig> configs) {
      return new Snapshot(configs, ContentVersion.of(configs), configs.stream().map(Any::pack).toList());
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
   * One rate-limit service's stream. State of the world: a response carries every config; an ACK
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
        if (!node.equals(NODE_ID)) {
          log.warn("rate-limit config xDS: node {} connected; only node {} is served (set CONFIG_GRPC_XDS_NODE_ID={})",
              node, NODE_ID, NODE_ID);
        }
      }
      if (!request.getTypeUrl().equals(TYPE_URL)) {
        return; // nothing of another type is served here; the request stays unanswered, as an empty cache's
      }
      if (!request.getResponseNonce().isEmpty() && !request.getResponseNonce().equals(sentNonce)) {
        return; // about an older response
      }
      if (request.hasErrorDetail()) {
        lastNack = request.getErrorDetail().getMessage();
        nacks.increment();
        log.error("rate-limit config xDS: node {} rejected version {}: {}", node, sentVersion, lastNack);
        return;
      }
      if (!request.getResponseNonce().isEmpty()) {
        ackedVersion = request.getVersionInfo();
        lastNack = "";
      }
      subscribed = true;
      Snapshot s = current;
      // A reconnecting client that already holds this version is not sent it again.
      if (request.getResponseNonce().isEmpty() ? !request.getVersionInfo().equals(s.version())
          : !sentVersion.equals(s.version())) {
        send(s);
      }
    }

    synchronized void offer(Snapshot s) {
      if (subscribed && !sentVersion.equals(s.version())) {
        send(s);
      }
    }

    private void send(Snapshot s) {
      if (!node.equals(NODE_ID)) {
        return;
      }
      sentNonce = Long.toString(++nonces);
      sentVersion = s.version();
      try {
        out.onNext(DiscoveryResponse.newBuilder().setTypeUrl(TYPE_URL).setVersionInfo(s.version())
            .setNonce(sentNonce).addAllResources(s.resources()).build());
      } catch (RuntimeException e) {
        log.warn("rate-limit config xDS: sending to node {} failed: {}", node, e.getMessage());
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

  /** Settings of a {@link RateLimitConfigServer}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private ServerCredentials credentials;
    private Duration shutdownGrace = Duration.ofSeconds(2);

    private Builder(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /** TLS (mutual, as Envoy Gateway's), or plaintext when not called. */
    public Builder credentials(ServerCredentials credentials) {
      this.credentials = requireNonNull(credentials, "credentials");
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = requireNonNull(grace, "grace");
      return this;
    }

    public RateLimitConfigServer build() {
      return new RateLimitConfigServer(this);
    }
  }
}

package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import dev.attache.authz.api.v1.AuthzPolicy;
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
 * The companion xDS server for authz-service: ADS, state of the world, one type
 * ({@value #TYPE_URL}), one {@code AuthzPolicy} per SecurityPolicy that guarded routes name,
 * served to the node id {@value #NODE_ID} ({@code attache authz --xds-server}'s default); other
 * nodes get nothing. Versions are content hashes, so a restart or another replica offers the same
 * version for the same policies. The resources carry no plaintext credential (API keys as SHA-256
 * digests, passwords as htpasswd hashes), and nothing of their content is logged: only names.
 *
 * <p>Its own port ({@value #DEFAULT_PORT}) rather than a second type on the rate-limit config
 * server, which runs only when the EnvoyGateway config has {@code rateLimit} and serves one node.
 */
public final class AuthzPolicyServer implements AutoCloseable {
  /** The authz policy xDS port (next to Envoy Gateway's 18000-18002). */
  public static final int DEFAULT_PORT = 18003;
  /** The node id the policies are served to. */
  public static final String NODE_ID = "attache-authz";
  public static final String TYPE_URL = "type.googleapis.com/attache.authz.v1.AuthzPolicy";

  private static final Logger log = LoggerFactory.getLogger(AuthzPolicyServer.class);

  private final GrpcServer grpc;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Counter published;
  private final Counter nacks;
  private volatile Snapshot current = Snapshot.of(List.of());

  private AuthzPolicyServer(Builder b) {
    this.published = Counter.builder("attache.authz.xds.snapshots").tag("result", "published")
        .description("Authz policy snapshots published on the companion xDS server").register(b.registry);
    this.nacks = Counter.builder("attache.authz.xds.responses").tag("result", "nack")
        .description("Authz policy responses authz-service rejected").register(b.registry);
    Gauge.builder("attache.authz.xds.streams", streams, Set::size)
        .description("Open authz policy xDS streams").register(b.registry);
    GrpcServer.Builder grpcBuilder = GrpcServer.builder("authz-xds").host(b.host).port(b.port)
        .shutdownGrace(b.shutdownGrace).addService(new Ads());
    if (b.credentials != null) {
      grpcBuilder.credentials(b.credentials);
    }
    this.grpc = grpcBuilder.build();
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  public AuthzPolicyServer start() {
    grpc.start();
    return this;
  }

  /** The bound port (useful when the builder asked for 0). */
  public int port() {
    return grpc.port();
  }

  /**
   * Makes {@code byGateway}'s policies the served snapshot and pushes it to the connected
   * authz-services if it changed. A policy several gateways name is served once.
   *
   * @return the version served
   */
  public synchronized String publish(Map<String, List<AuthzPolicy>> byGateway) {
    Map<String, AuthzPolicy> byKey = new TreeMap<>();
    new TreeMap<>(byGateway).values().forEach(policies -> policies.forEach(p ->
        byKey.putIfAbsent(p.getNamespace() + "/" + p.getName(), p)));
    Snapshot next = Snapshot.of(List.copyOf(byKey.values()));
    if (next.version().equals(current.version())) {
      return next.version();
    }
    current = next;
    published.increment();
    log.info("authz policy xDS: version {} published ({} polic(ies): {})", next.version(),
        next.configs().size(), String.join(", ", byKey.keySet()));
    for (Stream s : streams) {
      s.offer(next);
    }
    return next.version();
  }

  /** The version and policies served now, and each connected node's state. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    Snapshot s = current;
    out.put("port", port());
    out.put("nodeId", NODE_ID);
    out.put("version", s.version());
    out.put("policies", s.configs().stream().map(p -> p.getNamespace() + "/" + p.getName()).toList());
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

  /** What is served: the policies sorted by namespace/name and their content hash. */
  private record Snapshot(List<AuthzPolicy> configs, String version, List<Any> resources) {
    static Snapshot of(List<AuthzPolicy> configs) {
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
   * One authz-service's stream. State of the world: a response carries every policy; an ACK
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
          log.warn("authz policy xDS: node {} connected; only node {} is served (attache authz --xds-node-id {})",
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
        log.error("authz policy xDS: node {} rejected version {}: {}", node, sentVersion, lastNack);
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
        log.warn("authz policy xDS: sending to node {} failed: {}", node, e.getMessage());
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

  /** Settings of a {@link AuthzPolicyServer}. */
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

    public AuthzPolicyServer build() {
      return new AuthzPolicyServer(this);
    }
  }
}

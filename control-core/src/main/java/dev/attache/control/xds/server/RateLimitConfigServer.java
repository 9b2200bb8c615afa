package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import dev.attache.ratelimit.api.v3.RateLimitConfig;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The companion xDS server for the rate-limit service, as Envoy Gateway's global rate-limit runner:
 * ADS, state of the world, one type ({@value #TYPE_URL}), one {@code RateLimitConfig} per domain,
 * served to the node id {@value #NODE_ID} (the one Envoy Gateway's ratelimit Deployment runs with,
 * {@code CONFIG_GRPC_XDS_NODE_ID}); other nodes get nothing, as a go-control-plane cache without a
 * snapshot for them. Attaché's ratelimit-service and envoyproxy/ratelimit both consume it with
 * {@code CONFIG_TYPE=GRPC_XDS_SOTW}. Versions are content hashes, so a restart or another replica
 * offers the same version for the same limits.
 *
 * <p>The server itself is {@link CompanionXdsServer}, shared with {@link AuthzPolicyServer}.
 */
public final class RateLimitConfigServer implements AutoCloseable {
  /** Envoy Gateway's rate-limit config xDS port. */
  public static final int DEFAULT_PORT = 18001;
  /** The node id the configuration is served to (Envoy Gateway's {@code envoy-ratelimit}). */
  public static final String NODE_ID = "envoy-ratelimit";
  public static final String TYPE_URL = "type.googleapis.com/ratelimit.config.ratelimit.v3.RateLimitConfig";

  private static final CompanionXdsServer.Kind<RateLimitConfig> KIND = new CompanionXdsServer.Kind<>(
      "rate-limit config", "ratelimit", "the rate-limit service", TYPE_URL, NODE_ID,
      "set CONFIG_GRPC_XDS_NODE_ID=" + NODE_ID, "domains", RateLimitConfig::getDomain, RateLimitConfigServer::merge);

  private final CompanionXdsServer<RateLimitConfig> server;

  private RateLimitConfigServer(Builder b) {
    this.server = new CompanionXdsServer<>(KIND, b.registry, b.host, b.port, b.credentials, b.shutdownGrace);
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  public RateLimitConfigServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful when the builder asked for 0). */
  public int port() {
    return server.port();
  }

  /**
   * Makes {@code byGateway}'s configs the served snapshot and pushes it to the connected
   * rate-limit services if it changed. Domains are unique per gateway (listener names, or a shared
   * policy's {@code <name>-<namespace>}); a shared domain several gateways use is served once, with
   * the descriptors of all of them.
   *
   * @return the version served
   */
  public String publish(Map<String, List<RateLimitConfig>> byGateway) {
    return server.publish(byGateway);
  }

  /** The version and domains served now, and each connected node's state. */
  public Map<String, Object> status() {
    return server.status();
  }

  @Override
  public void close() {
    server.close();
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

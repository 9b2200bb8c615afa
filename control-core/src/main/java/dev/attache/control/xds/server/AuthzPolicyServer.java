package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import dev.attache.authz.api.v1.AuthzPolicy;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

  private static final CompanionXdsServer.Kind<AuthzPolicy> KIND = new CompanionXdsServer.Kind<>(
      "authz policy", "authz", "authz-service", TYPE_URL, NODE_ID, "attache authz --xds-node-id " + NODE_ID,
      "policies", p -> p.getNamespace() + "/" + p.getName(), (first, again) -> first);

  private final CompanionXdsServer<AuthzPolicy> server;

  private AuthzPolicyServer(Builder b) {
    this.server = new CompanionXdsServer<>(KIND, b.registry, b.host, b.port, b.credentials, b.shutdownGrace);
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  public AuthzPolicyServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful when the builder asked for 0). */
  public int port() {
    return server.port();
  }

  /**
   * Makes {@code byGateway}'s policies the served snapshot and pushes it to the connected
   * authz-services if it changed. A policy several gateways name is served once.
   *
   * @return the version served
   */
  public String publish(Map<String, List<AuthzPolicy>> byGateway) {
    return server.publish(byGateway);
  }

  /** The version and policies served now, and each connected node's state. */
  public Map<String, Object> status() {
    return server.status();
  }

  @Override
  public void close() {
    server.close();
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

package dev.attache.extension.sdk;

import static java.util.Objects.requireNonNull;

import dev.attache.server.admin.AdminServer;
import dev.attache.server.grpc.GrpcServer;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs an extension server for Envoy Gateway or Attaché: the {@code EnvoyGatewayExtension} gRPC
 * service over your {@link ExtensionHooks}, with health, reflection, optional TLS (and mutual
 * TLS), Prometheus metrics on an admin port, and graceful shutdown.
 *
 * <pre>{@code
 * HookServer server = HookServer.builder(new MyHooks()).port(5005).adminPort(5006).build().start();
 * }</pre>
 */
public final class HookServer implements AutoCloseable {
  private final GrpcServer grpc;
  private final AdminServer admin;

  private HookServer(Builder b) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GrpcServer.Builder gb = GrpcServer.builder("extension").host(b.host).port(b.port)
        .maxInboundMessageSize(b.maxMessageSize)
        .shutdownGrace(b.shutdownGrace)
        .addService(new HookService(b.hooks, registry));
    if (b.certChain != null) {
      gb.credentials(tls(b));
    }
    this.grpc = gb.build();
    this.admin = b.adminPort < 0 ? null
        : AdminServer.builder("extension").host(b.host).port(b.adminPort).metrics(registry).build();
  }

  public static Builder builder(ExtensionHooks hooks) {
    return new Builder(hooks);
  }

  public HookServer start() {
    grpc.start();
    if (admin != null) {
      admin.start();
    }
    return this;
  }

  public int port() {
    return grpc.port();
  }

  /** The admin port, or -1 without an admin server. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** Stops gracefully: calls in flight finish within the grace period. */
  @Override
  public void close() {
    grpc.shutdown();
    if (admin != null) {
      admin.close();
    }
  }

  private static ServerCredentials tls(Builder b) {
    try {
      TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
          .keyManager(b.certChain.toFile(), b.privateKey.toFile());
      if (b.clientCa != null) {
        tls.trustManager(b.clientCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      return tls.build();
    } catch (IOException e) {
      throw new UncheckedIOException("extension server TLS: " + e.getMessage(), e);
    }
  }

  /** Settings of a {@link HookServer}. */
  public static final class Builder {
    private final ExtensionHooks hooks;
    private String host = "0.0.0.0";
    private int port = 5005;
    private int adminPort = -1;
    private int maxMessageSize = 4 * 1024 * 1024;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Path certChain;
    private Path privateKey;
    private Path clientCa;

    private Builder(ExtensionHooks hooks) {
      this.hooks = requireNonNull(hooks, "hooks");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** gRPC port; 0 picks a free one. Default 5005. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Admin HTTP port for /metrics, /healthz and /ready; -1 (the default) runs none. */
    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    /** Largest message accepted; match the control plane's {@code maxMessageSize}. Default 4 MiB. */
    public Builder maxMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMessageSize: " + bytes + " (expected: > 0)");
      }
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = requireNonNull(grace, "grace");
      return this;
    }

    /** Serves TLS with this PEM certificate chain and PKCS#8 PEM key. */
    public Builder tls(Path certChain, Path privateKey) {
      this.certChain = requireNonNull(certChain, "certChain");
      this.privateKey = requireNonNull(privateKey, "privateKey");
      return this;
    }

    /** Requires clients to present a certificate signed by this PEM CA (mutual TLS). */
    public Builder requireClientCertificate(Path clientCa) {
      this.clientCa = requireNonNull(clientCa, "clientCa");
      return this;
    }

    public HookServer build() {
      if (clientCa != null && certChain == null) {
        throw new IllegalStateException("requireClientCertificate needs tls(certChain, privateKey) too");
      }
      return new HookServer(this);
    }
  }
}

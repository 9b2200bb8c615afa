package dev.attache.extension.client;

import static java.util.Objects.requireNonNull;

import dev.attache.extension.protocol.EnvoyGatewayExtensionGrpc;
import dev.attache.extension.protocol.PostClusterModifyRequest;
import dev.attache.extension.protocol.PostEndpointsExtensionContext;
import dev.attache.extension.protocol.PostEndpointsModifyRequest;
import dev.attache.extension.protocol.PostHTTPListenerModifyRequest;
import dev.attache.extension.protocol.PostRouteModifyRequest;
import dev.attache.extension.protocol.PostTranslateModifyRequest;
import dev.attache.extension.protocol.PostTranslateModifyResponse;
import dev.attache.extension.protocol.PostVirtualHostExtensionContext;
import dev.attache.extension.protocol.PostVirtualHostModifyRequest;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.TranslateResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls one extension server's hooks, as the translator does: each call has a deadline, failed
 * calls are retried as the extension's retry policy says (gRPC retries, with wait-for-ready, as
 * Envoy Gateway configures its client), and a failure surfaces as a {@link HookCallException}
 * naming the extension and the hook. A hook that answers with the resource unset leaves it
 * unchanged.
 */
public final class ExtensionClient implements AutoCloseable {
  static final String SERVICE = EnvoyGatewayExtensionGrpc.SERVICE_NAME;

  private final String name;
  private final ManagedChannel channel;
  private final Duration deadline;
  private final int maxMessageSize;

  private ExtensionClient(Builder b) {
    this.name = b.name;
    this.deadline = b.deadline;
    this.maxMessageSize = b.maxMessageSize;
    this.channel = Grpc.newChannelBuilder(b.target, b.credentials())
        .maxInboundMessageSize(b.maxMessageSize)
        .defaultServiceConfig(b.retry.serviceConfig(SERVICE))
        .enableRetry()
        .build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  private EnvoyGatewayExtensionGrpc.EnvoyGatewayExtensionBlockingStub stub() {
    return EnvoyGatewayExtensionGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .withMaxOutboundMessageSize(maxMessageSize);
  }

  private <T> T call(String hook, Supplier<T> call) throws HookCallException {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw new HookCallException(name, hook, clearer(e.getStatus()));
    }
  }

  /** grpc-java reports an answer that does not parse as a cancelled call; say what it was. */
  private static io.grpc.Status clearer(io.grpc.Status status) {
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof com.google.protobuf.InvalidProtocolBufferException p) {
        return io.grpc.Status.INTERNAL.withDescription("malformed response (not a valid "
            + "protobuf message): " + p.getMessage()).withCause(status.getCause());
      }
    }
    return status;
  }

  public Route postRouteModify(Route route, HookContext.Route context) throws HookCallException {
    var response = call("PostRouteModify", () -> stub().postRouteModify(PostRouteModifyRequest.newBuilder()
        .setRoute(route).setPostRouteContext(context.toProto()).build()));
    return response.hasRoute() ? response.getRoute() : route;
  }

  public VirtualHost postVirtualHostModify(VirtualHost virtualHost) throws HookCallException {
    var response = call("PostVirtualHostModify", () -> stub().postVirtualHostModify(
        PostVirtualHostModifyRequest.newBuilder().setVirtualHost(virtualHost)
            .setPostVirtualHostContext(PostVirtualHostExtensionContext.getDefaultInstance()).build()));
    return response.hasVirtualHost() ? response.getVirtualHost() : virtualHost;
  }

  public Listener postHttpListenerModify(Listener listener, HookContext.Listener context) throws HookCallException {
    var response = call("PostHTTPListenerModify", () -> stub().postHTTPListenerModify(
        PostHTTPListenerModifyRequest.newBuilder().setListener(listener)
            .setPostListenerContext(context.toProto()).build()));
    return response.hasListener() ? response.getListener() : listener;
  }

  public Cluster postClusterModify(Cluster cluster, HookContext.Cluster context) throws HookCallException {
    var response = call("PostClusterModify", () -> stub().postClusterModify(PostClusterModifyRequest.newBuilder()
        .setCluster(cluster).setPostClusterContext(context.toProto()).build()));
    return response.hasCluster() ? response.getCluster() : cluster;
  }

  public ClusterLoadAssignment postEndpointsModify(ClusterLoadAssignment loadAssignment) throws HookCallException {
    var response = call("PostEndpointsModify", () -> stub().postEndpointsModify(
        PostEndpointsModifyRequest.newBuilder().setLoadAssignment(loadAssignment)
            .setPostEndpointsContext(PostEndpointsExtensionContext.getDefaultInstance()).build()));
    return response.hasLoadAssignment() ? response.getLoadAssignment() : loadAssignment;
  }

  /** The translation hook; the answer is the complete list of each resource type sent. */
  public TranslateResources postTranslateModify(TranslateResources resources, HookContext.Translate context)
      throws HookCallException {
    PostTranslateModifyResponse r = call("PostTranslateModify", () -> stub().postTranslateModify(
        PostTranslateModifyRequest.newBuilder()
            .setPostTranslateContext(context.toProto())
            .addAllClusters(resources.clusters())
            .addAllSecrets(resources.secrets())
            .addAllListeners(resources.listeners())
            .addAllRoutes(resources.routes())
            .build()));
    return new TranslateResources(r.getClustersList(), r.getSecretsList(), r.getListenersList(), r.getRoutesList());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Retry policy of the extension service, as Envoy Gateway's {@code ExtensionServiceRetry}
   * (defaults: 4 attempts, 0.1 s initial and 1 s maximum backoff, multiplier 2, UNAVAILABLE).
   */
  public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
      double backoffMultiplier, List<String> retryableStatusCodes) {
    public static final RetryPolicy DEFAULT =
        new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, List.of("UNAVAILABLE"));

    public RetryPolicy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("retry.maxAttempts: " + maxAttempts + " (expected: >= 1)");
      }
      retryableStatusCodes = List.copyOf(retryableStatusCodes);
    }

    Map<String, ?> serviceConfig(String service) {
      Map<String, Object> method = new java.util.LinkedHashMap<>();
      method.put("name", List.of(Map.of("service", service)));
      method.put("waitForReady", true);
      if (maxAttempts > 1) {
        method.put("retryPolicy", Map.of(
            // gRPC caps attempts at 5 whatever is asked.
            "maxAttempts", (double) Math.min(maxAttempts, 5),
            "initialBackoff", seconds(initialBackoff),
            "maxBackoff", seconds(maxBackoff),
            "backoffMultiplier", backoffMultiplier,
            "retryableStatusCodes", retryableStatusCodes));
      }
      return Map.of("methodConfig", List.of(method));
    }

    private static String seconds(Duration d) {
      return (d.toNanos() / 1e9) + "s";
    }
  }

  /** Settings of an {@link ExtensionClient}. */
  public static final class Builder {
    private final String name;
    private String target;
    private Duration deadline = Duration.ofSeconds(10);
    private int maxMessageSize = 4 * 1024 * 1024;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private byte[] caCertificate;
    private byte[] clientCertificate;
    private byte[] clientKey;

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    /** An FQDN or IP service: {@code host:port}. */
    public Builder address(String host, int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
      }
      this.target = "dns:///" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      return this;
    }

    /** A Unix domain socket service. */
    public Builder unixSocket(Path path) {
      this.target = "unix://" + path.toAbsolutePath();
      return this;
    }

    /** Each call's deadline, so a hung extension cannot stall translation. Default 10 s. */
    public Builder deadline(Duration deadline) {
      if (deadline.isZero() || deadline.isNegative()) {
        throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0)");
      }
      this.deadline = deadline;
      return this;
    }

    public Builder maxMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMessageSize: " + bytes + " (expected: > 0)");
      }
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry");
      return this;
    }

    /** Verifies the server with this PEM CA (Envoy Gateway's {@code tls.certificateRef}). */
    public Builder tls(Path caCertificate) {
      return tls(read(caCertificate));
    }

    /** Verifies the server with this PEM CA, given as bytes (a Secret's {@code tls.crt}). */
    public Builder tls(byte[] caCertificatePem) {
      this.caCertificate = requireNonNull(caCertificatePem, "caCertificatePem").clone();
      return this;
    }

    /** Presents this client certificate (mutual TLS, {@code tls.clientCertificateRef}). */
    public Builder clientCertificate(Path certificate, Path key) {
      return clientCertificate(read(certificate), read(key));
    }

    /** Presents this PEM client certificate and PKCS#8 PEM key, given as bytes. */
    public Builder clientCertificate(byte[] certificatePem, byte[] keyPem) {
      this.clientCertificate = requireNonNull(certificatePem, "certificatePem").clone();
      this.clientKey = requireNonNull(keyPem, "keyPem").clone();
      return this;
    }

    private byte[] read(Path file) {
      try {
        return java.nio.file.Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(name + ": cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    ChannelCredentials credentials() {
      if (caCertificate == null) {
        if (clientCertificate != null) {
          throw new IllegalStateException(name + ": a client certificate needs tls(caCertificate) too");
        }
        return InsecureChannelCredentials.create();
      }
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
            .trustManager(new java.io.ByteArrayInputStream(caCertificate));
        if (clientCertificate != null) {
          tls.keyManager(new java.io.ByteArrayInputStream(clientCertificate), new java.io.ByteArrayInputStream(clientKey));
        }
        return tls.build();
      } catch (IOException e) {
        throw new UncheckedIOException(name + ": TLS material: " + e.getMessage(), e);
      }
    }

    public ExtensionClient build() {
      if (target == null) {
        throw new IllegalStateException(name + ": no address (expected: address(host, port) or unixSocket(path))");
      }
      return new ExtensionClient(this);
    }
  }
}

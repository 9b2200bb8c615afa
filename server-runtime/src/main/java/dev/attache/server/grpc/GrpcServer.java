package dev.attache.server.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerInterceptors;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server on Netty with the pieces every Attaché server needs: {@code grpc.health.v1.Health},
 * server reflection, a bounded call executor, keepalive that accepts Envoy's pings, and graceful
 * shutdown (stop accepting, drain in-flight calls, then force).
 */
public final class GrpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final String name;
  private final Server server;
  private final HealthStatusManager health;
  private final ExecutorService executor;
  private final List<String> serviceNames;
  private final Duration shutdownGrace;

  private GrpcServer(Builder b) {
    this.name = b.name;
    this.health = new HealthStatusManager();
    this.shutdownGrace = b.shutdownGrace;
    this.executor = boundedExecutor(b.name, b.executorThreads, b.executorQueue);
    NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(b.host, b.port), b.credentials)
        .executor(executor)
        // Envoy sends HTTP/2 PINGs on its gRPC connections (connection_keepalive); a server that
        // enforces the 5 minute default answers them with GOAWAY ENHANCE_YOUR_CALM.
        .permitKeepAliveTime(b.permitKeepAlive.toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(b.keepAlive.toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .maxInboundMessageSize(b.maxInboundMessageSize)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (b.maxConcurrentCallsPerConnection > 0) {
      nb.maxConcurrentCallsPerConnection(b.maxConcurrentCallsPerConnection);
    }
    List<String> names = new ArrayList<>();
    for (ServerServiceDefinition service : b.services) {
      ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, b.interceptors);
      nb.addService(intercepted);
      names.add(service.getServiceDescriptor().getName());
    }
    this.serviceNames = List.copyOf(names);
    this.server = nb.build();
  }

  /** Starts a builder for a server named {@code name} (used in logs and thread names). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Binds the port and marks every service SERVING. */
  public GrpcServer start() {
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(name + ": cannot listen for gRPC: " + e.getMessage(), e);
    }
    health.setStatus("", ServingStatus.SERVING);
    for (String service : serviceNames) {
      health.setStatus(service, ServingStatus.SERVING);
    }
    log.info("{} gRPC listening on {}", name, server.getListenSockets());
    return this;
  }

  /** The bound port, useful when the builder asked for port 0. */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
  }

  /** Sets the health of one service, or of the whole server with the empty name. */
  public void setServing(String service, boolean serving) {
    health.setStatus(service, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  public boolean isTerminated() {
    return server.isTerminated();
  }

  /**
   * Graceful shutdown: health turns NOT_SERVING, the listener closes, in-flight calls get up to
   * the grace period to finish, then whatever remains is cancelled.
   */
  public void shutdown() {
    if (server.isShutdown()) {
      awaitQuietly();
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    log.info("{} gRPC draining (grace {})", name, shutdownGrace);
    try {
      if (!server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} gRPC calls still running after {}; cancelling them", name, shutdownGrace);
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
    log.info("{} gRPC stopped", name);
  }

  private void awaitQuietly() {
    try {
      server.awaitTermination(shutdownGrace.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown();
  }

  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }

  private static ExecutorService boundedExecutor(String name, int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(queue), r -> {
          Thread t = new Thread(r, name + "-grpc-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Settings of a {@link GrpcServer}; every one has a default that suits Envoy as the client. */
  public static final class Builder {
    private final String name;
    private String host = "0.0.0.0";
    private int port;
    private ServerCredentials credentials = InsecureServerCredentials.create();
    private final List<ServerServiceDefinition> services = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private int executorThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    private int executorQueue = 100_000;
    private int maxConcurrentCallsPerConnection;
    private int maxInboundMessageSize = 4 * 1024 * 1024;
    private Duration permitKeepAlive = Duration.ofSeconds(5);
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(10);

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    /** Address to bind; tests use {@code 127.0.0.1}. Default {@code 0.0.0.0}. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; 0 picks a free one (see {@link GrpcServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /** Transport security, such as {@code TlsServerCredentials}; plaintext by default. */
    public Builder credentials(ServerCredentials credentials) {
      this.credentials = requireNonNull(credentials, "credentials");
      return this;
    }

    public Builder addService(BindableService service) {
      services.add(requireNonNull(service, "service").bindService());
      return this;
    }

    public Builder addService(ServerServiceDefinition service) {
      services.add(requireNonNull(service, "service"));
      return this;
    }

    /** Interceptors applied to the added services (not to health and reflection). */
    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Threads that run call handlers; the queue in front of them is bounded too. */
    public Builder executor(int threads, int queue) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
      }
      if (queue <= 0) {
        throw new IllegalArgumentException("queue: " + queue + " (expected: > 0)");
      }
      this.executorThreads = threads;
      this.executorQueue = queue;
      return this;
    }

    public Builder maxConcurrentCallsPerConnection(int max) {
      this.maxConcurrentCallsPerConnection = max;
      return this;
    }

    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize: " + bytes + " (expected: > 0)");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** The shortest client keepalive interval accepted (Envoy's pings). Default 5 s. */
    public Builder permitKeepAlive(Duration d) {
      this.permitKeepAlive = requireNonNull(d, "permitKeepAlive");
      return this;
    }

    public Builder keepAlive(Duration d) {
      this.keepAlive = requireNonNull(d, "keepAlive");
      return this;
    }

    /** How long in-flight calls may run after shutdown begins before they are cancelled. */
    public Builder shutdownGrace(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("shutdownGrace: " + d + " (expected: >= 0)");
      }
      this.shutdownGrace = d;
      return this;
    }

    public GrpcServer build() {
      return new GrpcServer(this);
    }
  }
}

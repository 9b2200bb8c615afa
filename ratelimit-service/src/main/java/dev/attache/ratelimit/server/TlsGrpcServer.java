package dev.attache.ratelimit.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ratelimit gRPC port with TLS (and mutual TLS when a client CA is given), which Envoy
 * Gateway turns on for its ratelimit deployment. The shared {@code GrpcServer} speaks plaintext
 * only, so this one carries the same pieces itself: health, reflection, Envoy-friendly
 * keepalive, a bounded executor and a graceful drain.
 */
final class TlsGrpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TlsGrpcServer.class);

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExecutorService executor;

  TlsGrpcServer(String host, int port, ServerTls tls, BindableService service) {
    TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder();
    try {
      creds.keyManager(new File(tls.cert()), new File(tls.key()));
      if (!tls.clientCa().isEmpty()) {
        creds.trustManager(new File(tls.clientCa())).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ratelimit: cannot read the gRPC TLS files: " + e.getMessage(), e);
    }
    ServerCredentials credentials = creds.build();
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000),
        Thread.ofPlatform().daemon().name("ratelimit-grpc-tls-", 1).factory());
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials)
        .executor(executor)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(service)
        .build();
  }

  TlsGrpcServer start() {
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("ratelimit: cannot listen for gRPC (TLS): " + e.getMessage(), e);
    }
    health.setStatus("", ServingStatus.SERVING);
    log.info("ratelimit gRPC (TLS) listening on {}", server.getListenSockets());
    return this;
  }

  int port() {
    return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
  }

  void setServing(boolean serving) {
    health.setStatus("", serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
  }
}

package dev.attache.ratelimit.service;

import dev.attache.ratelimit.MutableClock;
import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.limiter.LocalOverLimitCache;
import dev.attache.ratelimit.limiter.RateLimitEngine;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.grpc.GrpcServer;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A ratelimit gRPC server on loopback with a hand-moved clock, and a client for it. */
public final class RateLimitServer implements AutoCloseable {
  public final MutableClock clock = new MutableClock(1_700_000_000_000L);
  public final RateLimitMetrics metrics = TestConfigs.metrics();
  public final RateLimitEngine engine;
  public final RateLimitConfig config;
  private final GrpcServer server;
  private final ManagedChannel channel;
  public final RateLimitServiceGrpc.RateLimitServiceBlockingStub stub;

  public RateLimitServer(Function<MutableClock, CounterBackend> backend, ServiceSettings settings, long localCacheBytes,
      String prefix, String... configFiles) throws Exception {
    this(backend, settings, localCacheBytes, false, prefix, configFiles);
  }

  public RateLimitServer(Function<MutableClock, CounterBackend> backend, ServiceSettings settings, long localCacheBytes,
      boolean stopIncrementWhenOverLimit, String prefix, String... configFiles) throws Exception {
    this.config = TestConfigs.load(metrics, false, configFiles);
    LocalOverLimitCache local = localCacheBytes > 0 ? new LocalOverLimitCache(localCacheBytes, clock) : null;
    this.engine = new RateLimitEngine(backend.apply(clock), clock, prefix, 0.8f, local, stopIncrementWhenOverLimit);
    RateLimiter limiter = new RateLimiter(() -> config, engine, settings, metrics);
    this.server = GrpcServer.builder("ratelimit-test").host("127.0.0.1").port(0)
        .addService(new RateLimitGrpcService(limiter, metrics)).build().start();
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    this.stub = RateLimitServiceGrpc.newBlockingStub(channel);
  }

  public RateLimitResponse call(RateLimitRequest request) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(request);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    server.shutdown();
    engine.close();
  }
}

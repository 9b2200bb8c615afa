package dev.attache.bench.ratelimit;

import dev.attache.bench.load.EmptyService;
import dev.attache.bench.load.LoadDriver;
import dev.attache.bench.load.LoadOptions;
import dev.attache.bench.load.LoadReport;
import dev.attache.bench.load.LoadResult;
import dev.attache.bench.load.LoadSpec;
import dev.attache.bench.load.LoopbackTarget;
import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.limiter.RateLimitEngine;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.memory.MemoryCounterBackend;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.ratelimit.redis.RedisCounterBackend;
import dev.attache.ratelimit.redis.RedisEndpoint;
import dev.attache.ratelimit.service.RateLimitGrpcService;
import dev.attache.ratelimit.service.RateLimiter;
import dev.attache.ratelimit.service.ServiceSettings;
import dev.attache.server.config.ConfigFile;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * ShouldRateLimit under load, in one run on loopback: first the empty service (the same method
 * answered with a constant response), then ratelimit-service on the memory backend, then on Redis
 * (a redis-server this benchmark starts unless {@code --redis-url} names one), then Redis token
 * buckets all on one hot key (the contention case bucket4j#603 is about). Requests look like
 * Envoy Gateway's (a generic key and a client address), spread over {@code --keys} addresses,
 * with limits high enough that every call is counted and answered OK.
 *
 * <p>Targets: memory ≥ 80% of the baseline's throughput with p99 ≤ 2× the baseline's; Redis ≥ 50%.
 */
@Command(name = "ratelimit-load", mixinStandardHelpOptions = true,
    description = "Loads ShouldRateLimit on the memory and Redis backends against an empty gRPC service.")
public final class RatelimitLoadBenchmark implements Callable<Integer> {
  static final String CONFIG = """
      domain: bench
      descriptors:
        - key: generic_key
          value: api
          descriptors:
            - key: remote_address
              rate_limit: {unit: second, requests_per_unit: 1000000000}
        - key: hot
          rate_limit: {unit: second, requests_per_unit: 1000000000, algorithm: token_bucket, burst: 1000000000}
      """;

  @Mixin
  LoadOptions load;

  @Option(names = "--keys", defaultValue = "1000", description = "Distinct client addresses the requests cycle through. Default: ${DEFAULT-VALUE}")
  int keys;

  @Option(names = "--redis-url", description = "Use this Redis (host:port) instead of starting a redis-server")
  String redisUrl;

  @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server", description = "redis-server to start. Default: ${DEFAULT-VALUE}")
  String redisServer;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RatelimitLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<RateLimitRequest> spread = new java.util.ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      spread.add(request(descriptor("generic_key", "api", "remote_address", "10.0." + (i / 256) + "." + (i % 256))));
    }
    Supplier<RateLimitRequest> requests = cycle(spread);
    Supplier<RateLimitRequest> hot = cycle(List.of(request(descriptor("hot", "x"))));
    RateLimitResponse constant = RateLimitResponse.newBuilder().setOverallCode(RateLimitResponse.Code.OK)
        .addStatuses(RateLimitResponse.DescriptorStatus.newBuilder().setCode(RateLimitResponse.Code.OK)).build();

    System.out.printf(Locale.ROOT, "ratelimit-load: %d cores, closed loop x%d%s, warm-up %s, %s per target, %d keys%n",
        Runtime.getRuntime().availableProcessors(), load.concurrency,
        load.rate > 0 ? ", open loop " + load.rate + "/s" : "", load.warmup, load.duration, keys);

    List<LoadSpec> specs = load.rate > 0 ? List.of(load.closed(), load.open()) : List.of(load.closed());
    // One unrecorded pass over the baseline first: otherwise it alone runs on a cold JVM (the
    // gRPC, Netty and protobuf paths it shares with every target are compiled while it runs).
    try (LoopbackTarget t = new LoopbackTarget("jvm-warmup",
        EmptyService.of(RateLimitServiceGrpc.getShouldRateLimitMethod(), constant))) {
      drive(t, "jvm warm-up", load.closed(), requests);
    }
    RedisProcess redis = redisUrl == null ? RedisProcess.start(redisServer) : null;
    String url = redisUrl != null ? redisUrl : "127.0.0.1:" + redis.port;
    List<LoadReport> reports = new java.util.ArrayList<>();
    try {
      for (LoadSpec spec : specs) {
        System.out.println();
        LoadResult baseline;
        try (LoopbackTarget t = new LoopbackTarget("empty",
            EmptyService.of(RateLimitServiceGrpc.getShouldRateLimitMethod(), constant))) {
          baseline = drive(t, "empty service (baseline)", spec, requests);
        }
        LoadReport report = new LoadReport(System.out, baseline);
        reports.add(report);
        try (Target t = target("ratelimit-memory", new MemoryCounterBackend(InstantSource.system(), 1_000_000))) {
          report.check(drive(t.loopback(), "ShouldRateLimit memory", spec, requests), 0.80, 2.0);
        }
        try (Target t = target("ratelimit-redis", redisBackend(url))) {
          report.check(drive(t.loopback(), "ShouldRateLimit redis", spec, requests), 0.50, 0);
        }
        try (Target t = target("ratelimit-redis-tb", redisBackend(url))) {
          report.add(drive(t.loopback(), "redis token bucket, one hot key", spec, hot));
        }
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
    System.out.println();
    for (LoadReport r : reports) {
      r.misses().forEach(m -> System.out.println("MISSED " + m));
    }
    return 0;
  }

  private static RedisCounterBackend redisBackend(String url) {
    return new RedisCounterBackend(RedisEndpoint.single(url, Duration.ofSeconds(2)), null, 300,
        Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private static LoadResult drive(LoopbackTarget t, String name, LoadSpec spec, Supplier<RateLimitRequest> requests)
      throws InterruptedException {
    return new LoadDriver<>(t.channel(), RateLimitServiceGrpc.getShouldRateLimitMethod(), requests).run(name, spec);
  }

  /** ratelimit-service's gRPC service on {@code backend}, wired as {@code attache ratelimit} wires it. */
  private static Target target(String name, CounterBackend backend) throws Exception {
    RateLimitMetrics metrics = new RateLimitMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    RateLimitConfig config = new RateLimitConfigLoader(metrics, false)
        .load(List.of(new ConfigFile(Path.of("bench.yaml"), CONFIG)));
    RateLimitEngine engine = new RateLimitEngine(backend, InstantSource.system(), "", 0.8f, null);
    RateLimiter limiter = new RateLimiter(() -> config, engine, ServiceSettings.defaults(), metrics);
    return new Target(new LoopbackTarget(name, new RateLimitGrpcService(limiter, metrics).bindService()), backend);
  }

  /** The service on loopback and the backend it counts in, closed together. */
  private record Target(LoopbackTarget loopback, CounterBackend backend) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      loopback.close();
      backend.close();
    }
  }

  private static RateLimitRequest request(RateLimitDescriptor d) {
    return RateLimitRequest.newBuilder().setDomain("bench").addDescriptors(d).build();
  }

  private static RateLimitDescriptor descriptor(String... kv) {
    RateLimitDescriptor.Builder b = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(kv[i]).setValue(kv[i + 1]));
    }
    return b.build();
  }

  private static <T> Supplier<T> cycle(List<T> items) {
    AtomicInteger next = new AtomicInteger();
    return () -> items.get(Math.floorMod(next.getAndIncrement(), items.size()));
  }

  /** A throwaway redis-server on a free loopback port, no persistence. */
  private static final class RedisProcess implements AutoCloseable {
    final int port;
    final Process process;

    private RedisProcess(int port, Process process) {
      this.port = port;
      this.process = process;
    }

    static RedisProcess start(String binary) throws IOException, InterruptedException {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("bench-redis");
      Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--dir", dir.toString(), "--save", "", "--appendonly", "no")
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return new RedisProcess(port, p);
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      p.destroyForcibly();
      throw new IOException("redis-server did not start on port " + port);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

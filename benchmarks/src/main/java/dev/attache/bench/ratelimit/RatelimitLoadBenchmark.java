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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
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
 * <p>Targets: memory ≥ 80% of the baseline's throughput with p99 ≤ 2× the baseline's; Redis ≥ 50%,
 * judged on the median of {@code --rounds} interleaved rounds.
 */
@Command(name = "ratelimit-load", mixinStandardHelpOptions = true,
    description = "Loads ShouldRateLimit on the memory and Redis backends against an empty gRPC service.")
public final class RatelimitLoadBenchmark implements Callable<Integer> {
  static final String BASELINE = "empty service (baseline)";
  static final String MEMORY = "ShouldRateLimit memory";
  static final String REDIS = "ShouldRateLimit redis";
  static final String HOT_BUCKET = "redis token bucket, one hot key";

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

  @Option(names = "--rounds", defaultValue = "3",
      description = "Rounds over all targets; the verdict uses the median round. Default: ${DEFAULT-VALUE}")
  int rounds;

  @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server", description = "redis-server to start. Default: ${DEFAULT-VALUE}")
  String redisServer;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RatelimitLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<RateLimitRequest> spread = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      spread.add(request(descriptor("generic_key", "api", "remote_address", "10.0." + (i / 256) + "." + (i % 256))));
    }
    Supplier<RateLimitRequest> requests = cycle(spread);
    Supplier<RateLimitRequest> hot = cycle(List.of(request(descriptor("hot", "x"))));
    RateLimitResponse constant = RateLimitResponse.newBuilder().setOverallCode(RateLimitResponse.Code.OK)
        .addStatuses(RateLimitResponse.DescriptorStatus.newBuilder().setCode(RateLimitResponse.Code.OK)).build();

    System.out.printf(Locale.ROOT, "ratelimit-load: %d cores, closed loop x%d%s, warm-up %s, %s per target, %d rounds, %d keys%n",
        Runtime.getRuntime().availableProcessors(), load.concurrency,
        load.rate > 0 ? ", open loop " + load.rate + "/s" : "", load.warmup, load.duration, rounds, keys);

    List<LoadSpec> specs = load.rate > 0 ? List.of(load.closed(), load.open()) : List.of(load.closed());
    // One unrecorded pass over the baseline first: otherwise it alone runs on a cold JVM (the
    // gRPC, Netty and protobuf paths it shares with every target are compiled while it runs).
    try (LoopbackTarget t = new LoopbackTarget("jvm-warmup",
        EmptyService.of(RateLimitServiceGrpc.getShouldRateLimitMethod(), constant))) {
      drive(t, "jvm warm-up", load.closed(), requests);
    }
    RedisProcess redis = redisUrl == null ? RedisProcess.start(redisServer) : null;
    String url = redisUrl != null ? redisUrl : "127.0.0.1:" + redis.port;
    List<String> misses = new ArrayList<>();
    try {
      for (LoadSpec spec : specs) {
        // Rounds interleave the targets, so a stretch of noise on a shared machine falls on all of
        // them rather than on whichever ran then; the verdict uses the median round of each.
        Map<String, List<LoadResult>> byTarget = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          System.out.printf(Locale.ROOT, "%nround %d of %d, %s%n", round, rounds, spec.mode());
          LoadResult baseline;
          try (LoopbackTarget t = new LoopbackTarget("empty",
              EmptyService.of(RateLimitServiceGrpc.getShouldRateLimitMethod(), constant))) {
            baseline = drive(t, BASELINE, spec, requests);
          }
          LoadReport report = new LoadReport(System.out, baseline);
          byTarget.computeIfAbsent(BASELINE, k -> new ArrayList<>()).add(baseline);
          try (Target t = target("ratelimit-memory", new MemoryCounterBackend(InstantSource.system(), 1_000_000))) {
            record(report, byTarget, drive(t.loopback(), MEMORY, spec, requests));
          }
          try (Target t = target("ratelimit-redis", redisBackend(url))) {
            record(report, byTarget, drive(t.loopback(), REDIS, spec, requests));
          }
          try (Target t = target("ratelimit-redis-tb", redisBackend(url))) {
            record(report, byTarget, drive(t.loopback(), HOT_BUCKET, spec, hot));
          }
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d rounds, %s%n", rounds, spec.mode());
        LoadReport verdict = new LoadReport(System.out, median(byTarget.get(BASELINE)));
        verdict.check(median(byTarget.get(MEMORY)), 0.80, 2.0);
        verdict.check(median(byTarget.get(REDIS)), 0.50, 0);
        verdict.add(median(byTarget.get(HOT_BUCKET)));
        misses.addAll(verdict.misses());
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
    System.out.println();
    misses.forEach(m -> System.out.println("MISSED " + m));
    return 0;
  }

  private static void record(LoadReport report, Map<String, List<LoadResult>> byTarget, LoadResult r) {
    report.add(r);
    byTarget.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
  }

  /** The round with the median throughput, with each latency percentile the median of the rounds'. */
  static LoadResult median(List<LoadResult> rounds) {
    List<LoadResult> byThroughput = new ArrayList<>(rounds);
    byThroughput.sort(Comparator.comparingDouble(LoadResult::throughput));
    LoadResult mid = byThroughput.get(byThroughput.size() / 2);
    long failed = rounds.stream().mapToLong(LoadResult::failedCalls).sum();
    return new LoadResult(mid.name(), mid.mode(), mid.okCalls(), failed, mid.seconds(),
        medianOf(rounds, LoadResult::p50Micros), medianOf(rounds, LoadResult::p99Micros),
        medianOf(rounds, LoadResult::p999Micros), medianOf(rounds, LoadResult::maxMicros));
  }

  private static double medianOf(List<LoadResult> rounds, ToDoubleFunction<LoadResult> f) {
    double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
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

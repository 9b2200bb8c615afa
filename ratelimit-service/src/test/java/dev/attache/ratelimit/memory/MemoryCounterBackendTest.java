package dev.attache.ratelimit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.ratelimit.MutableClock;
import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.limiter.CounterOp;
import dev.attache.ratelimit.match.LimitRule;
import dev.attache.ratelimit.match.RateLimitConfig;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryCounterBackendTest {
  final MutableClock clock = new MutableClock(1_700_000_000_000L);

  LimitRule rule(String key) throws Exception {
    RateLimitConfig c = TestConfigs.load(TestConfigs.metrics(), false, "service_config.yaml");
    return c.getLimit("svc", TestConfigs.descriptor(key, "v")).primary();
  }

  long apply(MemoryCounterBackend b, String key, LimitRule rule, long hits) {
    return b.apply(List.of(new CounterOp(key, rule, hits, clock.millis()))).join()[0];
  }

  @Test
  void countsAreExactUnderConcurrency() throws Exception {
    MemoryCounterBackend b = new MemoryCounterBackend(clock, 1000);
    LimitRule rule = rule("per_minute");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.submit(() -> {
        for (int i = 0; i < 10_000; i++) {
          apply(b, "k", rule, 1);
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(apply(b, "k", rule, 0)).isEqualTo(80_000);
  }

  @Test
  void endedWindowsAreEvicted() throws Exception {
    MemoryCounterBackend b = new MemoryCounterBackend(clock, 1000);
    LimitRule rule = rule("per_minute");
    for (int i = 0; i < 100; i++) {
      apply(b, "window-" + i, rule, 1);
    }
    assertThat(b.size()).isEqualTo(100);
    clock.advanceSeconds(62);
    assertThat(b.size()).isZero();
  }

  @Test
  void idleBucketsAreEvictedOnceFullAgain() throws Exception {
    MemoryCounterBackend b = new MemoryCounterBackend(clock, 1000);
    LimitRule rule = rule("burst");
    apply(b, "bucket", rule, 5);
    assertThat(b.size()).isEqualTo(1);
    // 5 tokens at 2 per second are back after 2.5 s
    clock.advanceSeconds(4);
    assertThat(b.size()).isZero();
  }

  @Test
  void theNumberOfKeysIsBounded() throws Exception {
    MemoryCounterBackend b = new MemoryCounterBackend(clock, 50);
    LimitRule rule = rule("per_minute");
    for (int i = 0; i < 1000; i++) {
      apply(b, "key-" + i, rule, 1);
    }
    assertThat(b.size()).isLessThanOrEqualTo(50);
  }
}

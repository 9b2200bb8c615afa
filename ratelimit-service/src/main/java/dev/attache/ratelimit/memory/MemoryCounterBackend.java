package dev.attache.ratelimit.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.limiter.CounterOp;
import dev.attache.ratelimit.match.LimitRule;
import dev.attache.ratelimit.match.LimitRule.Algorithm;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in this process: exact (an atomic add per window; Bucket4j's lock-free local buckets
 * for token buckets), no I/O, so it answers on the calling thread. Memory is bounded: a window is
 * dropped when it ends, an idle bucket once it would be full again, and each map holds at most
 * {@code maxKeys} entries (the least recently used go first when that is reached).
 */
public final class MemoryCounterBackend implements CounterBackend {
  /** A window's counter; it expires when its window ends (plus a second for late callers). */
  private static final class Window extends AtomicLong {
    private static final long serialVersionUID = 1L;
    final transient long ttlNanos;

    Window(long ttlNanos) {
      this.ttlNanos = ttlNanos;
    }
  }

  private record TokenBucket(Bucket bucket, long idleNanos) {
  }

  private final InstantSource clock;
  private final Cache<String, Window> windows;
  private final Cache<String, TokenBucket> buckets;
  private final TimeMeter timeMeter;

  public MemoryCounterBackend(InstantSource clock, long maxKeys) {
    this.clock = clock;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.timeMeter = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    // Caffeine's housekeeping runs on the calling thread: handing it to the common pool costs a
    // thread wake-up per batch, which on a small machine shows in throughput.
    this.windows = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumSize(maxKeys)
        .ticker(ticker)
        .expireAfter(new Expiry<String, Window>() {
          @Override
          public long expireAfterCreate(String key, Window w, long currentTime) {
            return w.ttlNanos;
          }

          @Override
          public long expireAfterUpdate(String key, Window w, long currentTime, long currentDuration) {
            return currentDuration;
          }

          @Override
          public long expireAfterRead(String key, Window w, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
    this.buckets = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumSize(maxKeys)
        .ticker(ticker)
        .expireAfter(new Expiry<String, TokenBucket>() {
          @Override
          public long expireAfterCreate(String key, TokenBucket b, long currentTime) {
            return b.idleNanos;
          }

          @Override
          public long expireAfterUpdate(String key, TokenBucket b, long currentTime, long currentDuration) {
            return b.idleNanos;
          }

          @Override
          public long expireAfterRead(String key, TokenBucket b, long currentTime, long currentDuration) {
            return b.idleNanos;
          }
        })
        .build();
  }

  @Override
  public CompletableFuture<long[]> apply(List<CounterOp> ops) {
    long[] out = new long[ops.size()];
    for (int i = 0; i < out.length; i++) {
      CounterOp op = ops.get(i);
      out[i] = op.rule().algorithm() == Algorithm.FIXED_WINDOW ? increment(op) : take(op);
    }
    return CompletableFuture.completedFuture(out);
  }

  private long increment(CounterOp op) {
    // The plain lookup first: the common case then allocates no capturing lambda.
    Window w = windows.getIfPresent(op.key());
    if (w == null) {
      w = windows.get(op.key(), k -> new Window(windowTtlNanos(op)));
    }
    return w.addAndGet(op.hits());
  }

  private long windowTtlNanos(CounterOp op) {
    long windowMillis = op.rule().windowSeconds() * 1000;
    long left = windowMillis - Math.floorMod(op.nowMillis(), windowMillis);
    return TimeUnit.MILLISECONDS.toNanos(left + 1000);
  }

  private long take(CounterOp op) {
    LimitRule rule = op.rule();
    if (rule.capacity() == 0) {
      return CounterOp.denied(0);
    }
    TokenBucket b = buckets.getIfPresent(op.key());
    Bucket bucket = (b != null ? b : buckets.get(op.key(), k -> newBucket(rule))).bucket();
    if (op.hits() == 0) {
      return bucket.getAvailableTokens();
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(op.hits());
    return probe.isConsumed() ? probe.getRemainingTokens() : CounterOp.denied(probe.getRemainingTokens());
  }

  private TokenBucket newBucket(LimitRule rule) {
    Duration period = Duration.ofSeconds(rule.windowSeconds());
    Bandwidth bandwidth = rule.requestsPerUnit() == 0
        // Nothing refills: the burst is all there is (kept for one window after last use).
        ? Bandwidth.builder().capacity(rule.capacity()).refillIntervally(1, Duration.ofDays(3650)).initialTokens(rule.capacity()).build()
        : Bandwidth.builder().capacity(rule.capacity()).refillGreedy(rule.requestsPerUnit(), period).build();
    Bucket bucket = Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(timeMeter).build();
    long fullAgainNanos = rule.requestsPerUnit() == 0
        ? period.toNanos()
        : (long) Math.ceil((double) rule.capacity() / rule.requestsPerUnit() * period.toNanos());
    return new TokenBucket(bucket, fullAgainNanos + TimeUnit.SECONDS.toNanos(1));
  }

  /** Live window counters and buckets (Caffeine's estimate). */
  public long size() {
    windows.cleanUp();
    buckets.cleanUp();
    return windows.estimatedSize() + buckets.estimatedSize();
  }

  InstantSource clock() {
    return clock;
  }
}

package dev.attache.bench.load;

import java.time.Duration;

/**
 * How to drive one target.
 *
 * @param concurrency calls kept in flight (closed loop), or the cap on them (open loop)
 * @param ratePerSecond 0 for a closed loop; otherwise an open loop sending at this fixed rate,
 *     with latency measured from each call's intended start (no coordinated omission)
 * @param warmup load applied before recording starts
 * @param duration recorded load
 */
public record LoadSpec(int concurrency, int ratePerSecond, Duration warmup, Duration duration) {
  public LoadSpec {
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: > 0)");
    }
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: >= 0)");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
    }
  }

  public static LoadSpec closed(int concurrency, Duration warmup, Duration duration) {
    return new LoadSpec(concurrency, 0, warmup, duration);
  }

  public static LoadSpec open(int ratePerSecond, int maxInFlight, Duration warmup, Duration duration) {
    return new LoadSpec(maxInFlight, ratePerSecond, warmup, duration);
  }

  public boolean isOpenLoop() {
    return ratePerSecond > 0;
  }

  public String mode() {
    return isOpenLoop() ? "open " + ratePerSecond + "/s" : "closed x" + concurrency;
  }
}

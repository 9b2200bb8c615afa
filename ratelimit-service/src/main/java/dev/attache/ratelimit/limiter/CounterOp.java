package dev.attache.ratelimit.limiter;

import dev.attache.ratelimit.match.LimitRule;

/**
 * One counter update a request needs: add {@code hits} to a fixed window, or take {@code hits}
 * tokens from a bucket.
 *
 * <p>A backend answers each op with one {@code long}: for a fixed window the count after the
 * increment; for a token bucket the tokens left when the hits were taken, or
 * {@code -1 - available} when there were not enough (and nothing was taken).
 */
public record CounterOp(String key, LimitRule rule, long hits, long nowMillis) {

  /** The result of a token bucket op that was refused, carrying the tokens it found. */
  public static long denied(long available) {
    return -1 - Math.max(0, available);
  }

  public static boolean isDenied(long result) {
    return result < 0;
  }

  public static long availableWhenDenied(long result) {
    return -1 - result;
  }
}

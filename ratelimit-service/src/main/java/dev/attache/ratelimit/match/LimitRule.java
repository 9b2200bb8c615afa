package dev.attache.ratelimit.match;

import dev.attache.ratelimit.metrics.LimitStats;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import java.util.List;

/**
 * One configured limit, built once at load time with everything the hot path needs.
 *
 * @param fullKey the stats key, such as {@code test-domain.key1_value1.subkey1}
 * @param limit the limit as reported back in {@code current_limit}
 * @param windowSeconds the window length: the unit times Attaché's {@code unit_multiplier}
 * @param capacity token bucket size ({@code burst}, else {@code requests_per_unit})
 * @param keySuffix appended to the counter key; empty for a rule shaped like envoyproxy/ratelimit's
 *     so both services share counters, non-empty for Attaché's additions so they never collide
 * @param stats the counters of {@code fullKey}
 */
public record LimitRule(
    String fullKey,
    RateLimit limit,
    long windowSeconds,
    boolean unlimited,
    boolean shadowMode,
    boolean quotaMode,
    boolean detailedMetric,
    String name,
    List<String> replaces,
    Algorithm algorithm,
    long capacity,
    String keySuffix,
    LimitStats stats) {

  /** How a rule counts. */
  public enum Algorithm {
    /** envoyproxy/ratelimit's: a counter per window aligned to the Unix epoch. */
    FIXED_WINDOW,
    /** Attaché's: a bucket of {@code capacity} tokens refilled at {@code requests_per_unit} per window. */
    TOKEN_BUCKET
  }

  public LimitRule {
    replaces = List.copyOf(replaces);
  }

  /** {@code requests_per_unit}, an unsigned 32-bit value. */
  public long requestsPerUnit() {
    return Integer.toUnsignedLong(limit.getRequestsPerUnit());
  }

  public Unit unit() {
    return limit.getUnit();
  }

  /** Whether the counter lives in the per-second Redis when one is configured. */
  public boolean perSecond() {
    return limit.getUnit() == Unit.SECOND;
  }
}

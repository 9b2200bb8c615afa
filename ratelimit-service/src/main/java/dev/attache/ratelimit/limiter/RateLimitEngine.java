package dev.attache.ratelimit.limiter;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Duration;
import dev.attache.ratelimit.match.LimitRule;
import dev.attache.ratelimit.match.LimitRule.Algorithm;
import dev.attache.ratelimit.match.MatchedLimit;
import dev.attache.ratelimit.metrics.LimitStats;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.DescriptorStatus;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Counts a request against its limits and turns the counts into descriptor statuses, the way
 * envoyproxy/ratelimit's base limiter does: keys are {@code CACHE_KEY_PREFIX + domain + "_" +
 * key_value_ pairs + window start}, hits above the limit count as over_limit, the ones between
 * the near-limit threshold and the limit as near_limit, and a key once seen over its limit is
 * answered from the local cache for the rest of its window.
 *
 * <p>A descriptor with several limits (Attaché's {@code rate_limits}) counts against each; it is
 * over when any is, and otherwise reports the one with the least remaining.
 */
public final class RateLimitEngine implements AutoCloseable {
  private static final DescriptorStatus NO_LIMIT = DescriptorStatus.newBuilder().setCode(Code.OK).build();
  private static final long[] NO_RESULTS = new long[0];

  private final CounterBackend backend;
  private final InstantSource clock;
  private final String prefix;
  private final float nearLimitRatio;
  private final LocalOverLimitCache localCache;
  private final boolean stopIncrementWhenOverLimit;

  /**
   * @param localCache the local over-limit cache, or null when {@code LOCAL_CACHE_SIZE_IN_BYTES} is 0
   */
  public RateLimitEngine(CounterBackend backend, InstantSource clock, String cacheKeyPrefix, float nearLimitRatio,
      LocalOverLimitCache localCache) {
    this(backend, clock, cacheKeyPrefix, nearLimitRatio, localCache, false);
  }

  /**
   * @param stopIncrementWhenOverLimit {@code STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT}: look at the
   *     counters first, and when the request will be refused charge only the limits it exceeds
   */
  public RateLimitEngine(CounterBackend backend, InstantSource clock, String cacheKeyPrefix, float nearLimitRatio,
      LocalOverLimitCache localCache, boolean stopIncrementWhenOverLimit) {
    this.backend = requireNonNull(backend, "backend");
    this.clock = requireNonNull(clock, "clock");
    this.prefix = requireNonNull(cacheKeyPrefix, "cacheKeyPrefix");
    this.nearLimitRatio = nearLimitRatio;
    this.localCache = localCache;
    this.stopIncrementWhenOverLimit = stopIncrementWhenOverLimit;
  }

  public CounterBackend backend() {
    return backend;
  }

  /**
   * One status per descriptor, in request order. {@code limits[i]} null means no limit applies.
   * Fails with {@link BackendUnavailableException} when the backend cannot answer.
   */
  public CompletableFuture<DescriptorStatus[]> doLimit(RateLimitRequest request, MatchedLimit[] limits, long[] hits) {
    int n = limits.length;
    long now = clock.millis();
    String[][] keys = new String[n][];
    int[] firstOp = new int[n];
    int[] localOver = null;
    List<CounterOp> ops = null;
    for (int i = 0; i < n; i++) {
      MatchedLimit m = limits[i];
      if (m == null) {
        continue;
      }
      m.stats().totalHits().increment(hits[i]);
      List<LimitRule> rules = m.rules();
      String base = baseKey(request.getDomain(), request.getDescriptors(i), m.shareThresholdValues());
      String[] k = new String[rules.size()];
      for (int j = 0; j < k.length; j++) {
        k[j] = counterKey(base, rules.get(j), now);
        if (localCache != null && rules.get(j).algorithm() == Algorithm.FIXED_WINDOW && localCache.contains(k[j])) {
          if (localOver == null) {
            localOver = new int[n];
          }
          localOver[i] = j + 1;
        }
      }
      keys[i] = k;
      if (localOver != null && localOver[i] != 0) {
        continue;
      }
      if (ops == null) {
        ops = new ArrayList<>(n * k.length);
      }
      firstOp[i] = ops.size();
      for (int j = 0; j < k.length; j++) {
        ops.add(new CounterOp(k[j], rules.get(j), hits[i], now));
      }
    }
    int[] over = localOver;
    CompletableFuture<long[]> results;
    if (ops == null) {
      results = CompletableFuture.completedFuture(NO_RESULTS);
    } else if (stopIncrementWhenOverLimit) {
      results = chargeOnlyWhatExceeds(ops, over != null);
    } else {
      results = backend.apply(ops);
    }
    return results.thenApply(r -> statuses(limits, hits, keys, firstOp, over, r, now));
  }

  /**
   * envoyproxy/ratelimit's STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT: when a key of the request is
   * already known over (local cache) nothing is charged; otherwise the counters are read first,
   * and if some would go over, only those are charged, so a refused request does not use up the
   * request's other limits.
   */
  private CompletableFuture<long[]> chargeOnlyWhatExceeds(List<CounterOp> ops, boolean knownOver) {
    if (knownOver) {
      return backend.apply(withHits(ops, null));
    }
    return backend.apply(withHits(ops, null)).thenCompose(current -> {
      boolean[] exceeds = new boolean[current.length];
      boolean any = false;
      for (int j = 0; j < current.length; j++) {
        CounterOp op = ops.get(j);
        exceeds[j] = op.rule().algorithm() == Algorithm.FIXED_WINDOW
            ? current[j] + op.hits() > op.rule().requestsPerUnit()
            : CounterOp.isDenied(current[j]) || current[j] < op.hits();
        any |= exceeds[j];
      }
      return backend.apply(any ? withHits(ops, exceeds) : ops);
    });
  }

  /** The ops with their hits kept where {@code keep} says so (nowhere when it is null), else 0. */
  private static List<CounterOp> withHits(List<CounterOp> ops, boolean[] keep) {
    List<CounterOp> out = new ArrayList<>(ops.size());
    for (int j = 0; j < ops.size(); j++) {
      CounterOp op = ops.get(j);
      out.add(keep != null && keep[j] ? op : new CounterOp(op.key(), op.rule(), 0, op.nowMillis()));
    }
    return out;
  }

  private DescriptorStatus[] statuses(MatchedLimit[] limits, long[] hits, String[][] keys, int[] firstOp,
      int[] localOver, long[] results, long now) {
    DescriptorStatus[] out = new DescriptorStatus[limits.length];
    long nowSeconds = Math.floorDiv(now, 1000);
    for (int i = 0; i < limits.length; i++) {
      MatchedLimit m = limits[i];
      if (m == null) {
        out[i] = NO_LIMIT;
      } else if (localOver != null && localOver[i] != 0) {
        out[i] = overWithLocalCache(m, m.rules().get(localOver[i] - 1), hits[i], nowSeconds);
      } else {
        out[i] = evaluate(m, keys[i], results, firstOp[i], hits[i], nowSeconds);
      }
    }
    return out;
  }

  private DescriptorStatus overWithLocalCache(MatchedLimit m, LimitRule rule, long hits, long nowSeconds) {
    LimitStats s = m.stats();
    s.overLimit().increment(hits);
    s.overLimitWithLocalCache().increment(hits);
    if (m.shadowMode()) {
      s.shadowMode().increment(hits);
      return status(Code.OK, rule, 0, resetSeconds(rule, nowSeconds));
    }
    return status(Code.OVER_LIMIT, rule, 0, resetSeconds(rule, nowSeconds));
  }

  private DescriptorStatus evaluate(MatchedLimit m, String[] keys, long[] results, int first, long hits, long nowSeconds) {
    List<LimitRule> rules = m.rules();
    int decide = 0;
    if (rules.size() > 1) {
      long least = Long.MAX_VALUE;
      for (int j = 0; j < rules.size(); j++) {
        LimitRule r = rules.get(j);
        long result = results[first + j];
        boolean isOver = r.algorithm() == Algorithm.FIXED_WINDOW ? result > r.requestsPerUnit() : CounterOp.isDenied(result);
        if (isOver) {
          decide = j;
          break;
        }
        long remaining = r.algorithm() == Algorithm.FIXED_WINDOW ? r.requestsPerUnit() - result : result;
        if (remaining < least) {
          least = remaining;
          decide = j;
        }
      }
    }
    LimitRule rule = rules.get(decide);
    long result = results[first + decide];
    return rule.algorithm() == Algorithm.FIXED_WINDOW
        ? fixedWindow(m, rule, keys[decide], result, hits, nowSeconds)
        : tokenBucket(m, rule, result, hits);
  }

  /** envoyproxy/ratelimit's accounting for a fixed window counter. */
  private DescriptorStatus fixedWindow(MatchedLimit m, LimitRule rule, String key, long after, long hits, long nowSeconds) {
    LimitStats s = m.stats();
    long before = after - hits;
    long limit = rule.requestsPerUnit();
    long near = (long) Math.floor((float) limit * nearLimitRatio);
    if (after > limit) {
      if (before >= limit) {
        s.overLimit().increment(hits);
      } else {
        s.overLimit().increment(after - limit);
        s.nearLimit().increment(limit - Math.max(near, before));
      }
      if (localCache != null) {
        // The whole window length, as upstream: the key changes with the next window anyway.
        localCache.put(key, rule.windowSeconds());
      }
      if (m.shadowMode()) {
        s.shadowMode().increment(before >= limit ? hits : after - limit);
        return status(Code.OK, rule, 0, resetSeconds(rule, nowSeconds));
      }
      return status(Code.OVER_LIMIT, rule, 0, resetSeconds(rule, nowSeconds));
    }
    if (after > near) {
      s.nearLimit().increment(before >= near ? hits : after - near);
    }
    s.withinLimit().increment(hits);
    return status(Code.OK, rule, limit - after, resetSeconds(rule, nowSeconds));
  }

  private DescriptorStatus tokenBucket(MatchedLimit m, LimitRule rule, long result, long hits) {
    LimitStats s = m.stats();
    long capacity = rule.capacity();
    if (CounterOp.isDenied(result)) {
      long available = CounterOp.availableWhenDenied(result);
      s.overLimit().increment(hits);
      long reset = refillSeconds(rule, Math.max(1, hits - available));
      if (m.shadowMode()) {
        s.shadowMode().increment(hits);
        return status(Code.OK, rule, 0, reset);
      }
      return status(Code.OVER_LIMIT, rule, 0, reset);
    }
    long used = capacity - result;
    long near = (long) Math.floor((float) capacity * nearLimitRatio);
    if (used > near) {
      s.nearLimit().increment(Math.min(hits, used - near));
    }
    s.withinLimit().increment(hits);
    return status(Code.OK, rule, result, refillSeconds(rule, used));
  }

  /** Seconds until {@code tokens} more tokens have dripped in. */
  private static long refillSeconds(LimitRule rule, long tokens) {
    long perWindow = rule.requestsPerUnit();
    if (perWindow == 0) {
      return rule.windowSeconds();
    }
    return Math.max(1, Math.ceilDiv(tokens * rule.windowSeconds(), perWindow));
  }

  private static long resetSeconds(LimitRule rule, long nowSeconds) {
    long w = rule.windowSeconds();
    return w - Math.floorMod(nowSeconds, w);
  }

  private static DescriptorStatus status(Code code, LimitRule rule, long remaining, long resetSeconds) {
    return DescriptorStatus.newBuilder()
        .setCode(code)
        .setCurrentLimit(rule.limit())
        .setLimitRemaining((int) Math.min(remaining, 0xFFFF_FFFFL))
        .setDurationUntilReset(duration(resetSeconds))
        .build();
  }

  /** Durations up to an hour are built once: nearly every status carries one. */
  private static final Duration[] DURATIONS = new Duration[3_601];

  static {
    for (int i = 0; i < DURATIONS.length; i++) {
      DURATIONS[i] = Duration.newBuilder().setSeconds(i).build();
    }
  }

  private static Duration duration(long seconds) {
    return seconds >= 0 && seconds < DURATIONS.length ? DURATIONS[(int) seconds]
        : Duration.newBuilder().setSeconds(seconds).build();
  }

  /** {@code prefix + domain + "_" + key + "_" + value + "_" ...}; shared entries use their wildcard. */
  private String baseKey(String domain, RateLimitDescriptor descriptor, String[] shared) {
    StringBuilder b = new StringBuilder(prefix.length() + domain.length() + 64);
    b.append(prefix).append(domain).append('_');
    for (int i = 0; i < descriptor.getEntriesCount(); i++) {
      RateLimitDescriptor.Entry e = descriptor.getEntries(i);
      b.append(e.getKey()).append('_');
      String value = shared != null && i < shared.length && shared[i] != null ? shared[i] : e.getValue();
      b.append(value).append('_');
    }
    return b.toString();
  }

  /** Fixed windows: the base plus the window start in Unix seconds. Buckets: the base plus the rule's tag. */
  static String counterKey(String base, LimitRule rule, long nowMillis) {
    if (rule.algorithm() == Algorithm.TOKEN_BUCKET) {
      return base + rule.keySuffix().substring(1);
    }
    long w = rule.windowSeconds();
    long start = Math.floorDiv(Math.floorDiv(nowMillis, 1000), w) * w;
    return rule.keySuffix().isEmpty() ? base + start : base + start + rule.keySuffix();
  }

  @Override
  public void close() {
    backend.close();
  }
}

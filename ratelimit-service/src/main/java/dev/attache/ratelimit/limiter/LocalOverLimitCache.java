package dev.attache.ratelimit.limiter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * envoyproxy/ratelimit's local over-limit cache ({@code LOCAL_CACHE_SIZE_IN_BYTES}): a counter
 * key seen over its limit is remembered for one window length, and further requests on it are
 * answered OVER_LIMIT without a trip to Redis. Its size is bounded by an estimate of the bytes
 * each entry takes.
 */
public final class LocalOverLimitCache {
  private static final int ENTRY_OVERHEAD_BYTES = 64;

  private final Cache<String, Long> cache;

  public LocalOverLimitCache(long sizeInBytes, InstantSource clock) {
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.cache = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(sizeInBytes)
        .weigher((String k, Long ttl) -> ENTRY_OVERHEAD_BYTES + 2 * k.length())
        .expireAfter(new Expiry<String, Long>() {
          @Override
          public long expireAfterCreate(String key, Long ttlSeconds, long currentTime) {
            return TimeUnit.SECONDS.toNanos(ttlSeconds);
          }

          @Override
          public long expireAfterUpdate(String key, Long ttlSeconds, long currentTime, long currentDuration) {
            return TimeUnit.SECONDS.toNanos(ttlSeconds);
          }

          @Override
          public long expireAfterRead(String key, Long ttlSeconds, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(ticker)
        .recordStats()
        .build();
  }

  /**
   * Publishes upstream's {@code ratelimit.localcache.*} gauges (hitCount, missCount,
   * lookupCount, entryCount, evacuateCount).
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("ratelimit.localcache.hitCount", cache, c -> c.stats().hitCount()).register(registry);
    Gauge.builder("ratelimit.localcache.missCount", cache, c -> c.stats().missCount()).register(registry);
    Gauge.builder("ratelimit.localcache.lookupCount", cache, c -> c.stats().requestCount()).register(registry);
    Gauge.builder("ratelimit.localcache.entryCount", cache, Cache::estimatedSize).register(registry);
    Gauge.builder("ratelimit.localcache.evacuateCount", cache, c -> c.stats().evictionCount()).register(registry);
  }

  public boolean contains(String key) {
    return cache.getIfPresent(key) != null;
  }

  public void put(String key, long ttlSeconds) {
    cache.put(key, ttlSeconds);
  }

  public long estimatedSize() {
    return cache.estimatedSize();
  }
}

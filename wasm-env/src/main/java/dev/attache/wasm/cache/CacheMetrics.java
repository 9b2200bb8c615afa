package dev.attache.wasm.cache;

import dev.attache.wasm.fetch.FetchException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's meters, named as Envoy Gateway's ({@code wasm_cache_entries},
 * {@code wasm_cache_lookup_total{hit}}, {@code wasm_remote_fetch_total{status,reason}}) plus
 * Attaché's size, eviction and stale-serving counts.
 */
final class CacheMetrics {
  private final MeterRegistry registry;
  private final Counter hits;
  private final Counter misses;
  private final Counter fetchSuccess;
  private final Counter staleServed;

  CacheMetrics(MeterRegistry registry, ModuleStore store) {
    this.registry = registry;
    Gauge.builder("wasm.cache.entries", store, ModuleStore::count)
        .description("Number of Wasm remote fetch cache entries.").register(registry);
    Gauge.builder("wasm.cache.size.bytes", store, ModuleStore::totalBytes)
        .description("Bytes of Wasm modules in the cache.").register(registry);
    Gauge.builder("wasm.cache.limit.bytes", store, ModuleStore::maxBytes)
        .description("Most bytes of Wasm modules the cache keeps.").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("wasm.cache.evictions", store, ModuleStore::evictions)
        .description("Wasm modules evicted to keep the cache under its size limit.").register(registry);
    this.hits = lookup("true");
    this.misses = lookup("false");
    // Prometheus wants one label set per name: success carries an empty reason.
    this.fetchSuccess = Counter.builder("wasm.remote.fetch").tag("status", "success").tag("reason", "")
        .description("Total number of Wasm remote fetches and results.").register(registry);
    this.staleServed = Counter.builder("wasm.stale.served")
        .description("Resolutions that kept serving a cached module because its source could not be checked.")
        .register(registry);
  }

  private Counter lookup(String hit) {
    return Counter.builder("wasm.cache.lookup").tag("hit", hit)
        .description("Total number of Wasm remote fetch cache lookups.").register(registry);
  }

  void lookup(boolean hit) {
    (hit ? hits : misses).increment();
  }

  void fetched() {
    fetchSuccess.increment();
  }

  void fetchFailed(FetchException.Kind kind) {
    Counter.builder("wasm.remote.fetch").tag("status", "failure").tag("reason", kind.metricReason())
        .description("Total number of Wasm remote fetches and results.").register(registry).increment();
  }

  void servedStale() {
    staleServed.increment();
  }
}

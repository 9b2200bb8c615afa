package dev.attache.ratelimit.metrics;

import io.micrometer.core.instrument.Counter;

/**
 * The counters envoyproxy/ratelimit keeps per limit key ({@code <key>.total_hits} …). Hits are
 * counted in request units, so a request with {@code hits_addend: 5} adds 5.
 */
public record LimitStats(
    String key,
    Counter totalHits,
    Counter overLimit,
    Counter nearLimit,
    Counter overLimitWithLocalCache,
    Counter withinLimit,
    Counter shadowMode) {
}

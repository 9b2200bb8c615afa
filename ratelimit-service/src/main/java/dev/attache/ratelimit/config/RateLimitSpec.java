package dev.attache.ratelimit.config;

import java.util.List;

/**
 * A {@code rate_limit} block as written, before validation.
 *
 * @param requestsPerUnit {@code requests_per_unit}
 * @param unit {@code unit} as written (any letter case), empty when absent
 * @param unlimited {@code unlimited}
 * @param name {@code name}, empty when absent
 * @param replaces the names listed under {@code replaces}
 * @param algorithm Attaché's {@code algorithm}: {@code fixed_window} (default) or {@code token_bucket}
 * @param burst Attaché's {@code burst} (token bucket capacity); 0 means {@code requests_per_unit}
 * @param unitMultiplier Attaché's {@code unit_multiplier}: the window is this many units (default 1)
 */
public record RateLimitSpec(
    long requestsPerUnit,
    String unit,
    boolean unlimited,
    String name,
    List<String> replaces,
    String algorithm,
    long burst,
    long unitMultiplier) {

  public RateLimitSpec {
    replaces = List.copyOf(replaces);
  }
}

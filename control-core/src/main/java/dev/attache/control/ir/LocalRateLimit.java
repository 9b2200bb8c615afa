package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Rate limits counted by each Envoy. */
public record LocalRateLimit(
    @JsonProperty("default") RateLimitValue defaultLimit,
    @JsonProperty("rules") List<RateLimitRule> rules,
    @JsonProperty("defaultXRateLimitOption") String defaultXRateLimitOption) {
  public LocalRateLimit {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}

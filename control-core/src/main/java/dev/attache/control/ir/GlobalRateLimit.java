package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Rate limits counted by the rate-limit service. */
public record GlobalRateLimit(
    @JsonProperty("rules") List<RateLimitRule> rules) {
  public GlobalRateLimit {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}

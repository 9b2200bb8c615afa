package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A number of requests per unit. */
public record RateLimitValue(
    @JsonProperty("requests") Long requests,
    @JsonProperty("unit") String unit) {
  public RateLimitValue {
    unit = unit == null ? "" : unit;
  }
}

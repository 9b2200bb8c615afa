package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A number of requests per unit, or where to read the limit from. */
public record RateLimitValue(
    @JsonProperty("requests") Long requests,
    @JsonProperty("unit") String unit,
    @JsonProperty("fromMetadata") RateLimitValueMetadata fromMetadata) {
  public RateLimitValue {
    unit = unit == null ? "" : unit;
  }
}

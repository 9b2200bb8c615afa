package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a request or response costs. */
public record RateLimitCost(
    @JsonProperty("number") Long number,
    @JsonProperty("format") String format) {
}

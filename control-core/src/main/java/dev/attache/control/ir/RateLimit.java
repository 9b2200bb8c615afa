package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Rate limits of a route. */
public record RateLimit(
    @JsonProperty("global") GlobalRateLimit global,
    @JsonProperty("local") LocalRateLimit local) {
}

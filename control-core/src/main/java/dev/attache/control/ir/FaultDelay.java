package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A fixed delay for a share of requests. */
public record FaultDelay(
    @JsonProperty("fixedDelay") String fixedDelay,
    @JsonProperty("percentage") Double percentage) {
}

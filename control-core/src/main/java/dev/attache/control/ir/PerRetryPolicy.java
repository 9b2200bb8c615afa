package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Timeout and back-off per retry. */
public record PerRetryPolicy(
    @JsonProperty("timeout") String timeout,
    @JsonProperty("backOff") BackOffPolicy backOff) {
}

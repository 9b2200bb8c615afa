package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Timeout and back-off per retry. */
public record PerRetryPolicy(
    @JsonProperty("timeout") GoDuration timeout,
    @JsonProperty("backOff") BackOffPolicy backOff) {
}

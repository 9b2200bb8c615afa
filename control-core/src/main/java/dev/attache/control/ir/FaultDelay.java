package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** A fixed delay for a share of requests. */
public record FaultDelay(
    @JsonProperty("fixedDelay") GoDuration fixedDelay,
    @JsonProperty("percentage") Double percentage) {
}

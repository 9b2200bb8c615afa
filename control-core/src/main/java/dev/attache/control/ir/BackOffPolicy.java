package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Retry back-off. */
public record BackOffPolicy(
    @JsonProperty("baseInterval") GoDuration baseInterval,
    @JsonProperty("maxInterval") GoDuration maxInterval) {
}

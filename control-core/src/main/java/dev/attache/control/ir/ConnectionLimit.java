package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Limits on downstream connections. */
public record ConnectionLimit(
    @JsonProperty("value") Long value,
    @JsonProperty("closeDelay") GoDuration closeDelay,
    @JsonProperty("maxConnectionDuration") GoDuration maxConnectionDuration,
    @JsonProperty("maxRequestsPerConnection") Integer maxRequestsPerConnection,
    @JsonProperty("maxStreamDuration") GoDuration maxStreamDuration) {
}

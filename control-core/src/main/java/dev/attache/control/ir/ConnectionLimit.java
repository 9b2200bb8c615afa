package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Limits on downstream connections. */
public record ConnectionLimit(
    @JsonProperty("value") Long value,
    @JsonProperty("closeDelay") String closeDelay,
    @JsonProperty("maxConnectionDuration") String maxConnectionDuration,
    @JsonProperty("maxRequestsPerConnection") Integer maxRequestsPerConnection,
    @JsonProperty("maxStreamDuration") String maxStreamDuration) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Upstream HTTP timeouts. */
public record HttpTimeout(
    @JsonProperty("connectionIdleTimeout") String connectionIdleTimeout,
    @JsonProperty("maxConnectionDuration") String maxConnectionDuration,
    @JsonProperty("maxStreamDuration") String maxStreamDuration,
    @JsonProperty("requestTimeout") String requestTimeout,
    @JsonProperty("streamIdleTimeout") String streamIdleTimeout) {
}

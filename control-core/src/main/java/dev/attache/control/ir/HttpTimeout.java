package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Upstream HTTP timeouts. */
public record HttpTimeout(
    @JsonProperty("connectionIdleTimeout") GoDuration connectionIdleTimeout,
    @JsonProperty("maxConnectionDuration") GoDuration maxConnectionDuration,
    @JsonProperty("maxStreamDuration") GoDuration maxStreamDuration,
    @JsonProperty("requestTimeout") GoDuration requestTimeout,
    @JsonProperty("streamIdleTimeout") GoDuration streamIdleTimeout) {
}

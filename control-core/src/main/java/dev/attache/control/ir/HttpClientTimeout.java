package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Downstream HTTP timeouts. */
public record HttpClientTimeout(
    @JsonProperty("requestReceivedTimeout") GoDuration requestReceivedTimeout,
    @JsonProperty("requestHeadersReceivedTimeout") GoDuration requestHeadersReceivedTimeout,
    @JsonProperty("idleTimeout") GoDuration idleTimeout,
    @JsonProperty("streamIdleTimeout") GoDuration streamIdleTimeout) {
}

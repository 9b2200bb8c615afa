package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Downstream HTTP timeouts. */
public record HttpClientTimeout(
    @JsonProperty("requestReceivedTimeout") String requestReceivedTimeout,
    @JsonProperty("requestHeadersReceivedTimeout") String requestHeadersReceivedTimeout,
    @JsonProperty("idleTimeout") String idleTimeout,
    @JsonProperty("streamIdleTimeout") String streamIdleTimeout) {
}

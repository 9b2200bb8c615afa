package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HTTP/2 options. Upstream's JSON names of the two window sizes are crossed over; the names here
 * are the JSON names.
 */
public record Http2Settings(
    @JsonProperty("initialConnectionWindowSize") Integer initialConnectionWindowSize,
    @JsonProperty("initialStreamWindowSize") Integer initialStreamWindowSize,
    @JsonProperty("maxConcurrentStreams") Integer maxConcurrentStreams,
    @JsonProperty("resetStreamOnError") Boolean resetStreamOnError,
    @JsonProperty("connectionKeepalive") Http2Keepalive connectionKeepalive) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Upstream connection buffer and preconnect. */
public record BackendConnection(
    @JsonProperty("bufferLimit") Integer bufferLimit,
    @JsonProperty("preconnect") Preconnect preconnect) {
}

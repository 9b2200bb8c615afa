package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Downstream connection limits and buffers. */
public record ClientConnection(
    @JsonProperty("limit") ConnectionLimit limit,
    @JsonProperty("bufferLimit") Integer bufferLimit,
    @JsonProperty("maxAcceptPerSocketEvent") Integer maxAcceptPerSocketEvent) {
}

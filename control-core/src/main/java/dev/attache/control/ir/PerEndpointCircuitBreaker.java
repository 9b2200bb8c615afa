package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Limits per endpoint. */
public record PerEndpointCircuitBreaker(
    @JsonProperty("maxConnections") Long maxConnections) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tracing and metrics settings of a route's backend traffic. */
public record BackendTelemetry(
    @JsonProperty("tracing") BackendTracing tracing,
    @JsonProperty("metrics") BackendMetrics metrics) {
}

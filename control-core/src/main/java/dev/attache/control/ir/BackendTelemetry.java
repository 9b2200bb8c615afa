package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Per-route telemetry: tracing overrides and the route's stat name. */
public record BackendTelemetry(
    @JsonProperty("tracing") BackendTracing tracing,
    @JsonProperty("metrics") BackendMetrics metrics) {
}

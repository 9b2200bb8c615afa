package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Per-route metrics settings. */
public record BackendMetrics(
    @JsonProperty("routeStatName") String routeStatName) {
}

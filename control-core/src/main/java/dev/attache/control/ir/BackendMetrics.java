package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Metrics settings of a route. */
public record BackendMetrics(
    @JsonProperty("routeStatName") String routeStatName) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which optional Envoy statistics are on. */
public record Metrics(
    @JsonProperty("enableVirtualHostStats") boolean enableVirtualHostStats,
    @JsonProperty("enablePerEndpointStats") boolean enablePerEndpointStats,
    @JsonProperty("enableRequestResponseSizesStats") boolean enableRequestResponseSizesStats) {
}

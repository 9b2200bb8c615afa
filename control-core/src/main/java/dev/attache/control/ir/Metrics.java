package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Which optional Envoy statistics are on. */
public record Metrics(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("enableVirtualHostStats") boolean enableVirtualHostStats,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("enablePerEndpointStats") boolean enablePerEndpointStats,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("enableRequestResponseSizesStats") boolean enableRequestResponseSizesStats) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Upstream preconnect. */
public record Preconnect(
    @JsonProperty("perEndpointPercent") Integer perEndpointPercent,
    @JsonProperty("predictivePercent") Integer predictivePercent) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Zone-aware routing. */
public record PreferLocalZone(
    @JsonProperty("force") ForceLocalZone force,
    @JsonProperty("minEndpointsThreshold") Long minEndpointsThreshold,
    @JsonProperty("percentageEnabled") Integer percentageEnabled) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Forces traffic to the local zone. */
public record ForceLocalZone(
    @JsonProperty("minEndpointsInZoneThreshold") Integer minEndpointsInZoneThreshold) {
}

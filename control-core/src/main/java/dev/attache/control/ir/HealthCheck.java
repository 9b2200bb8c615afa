package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Active and passive health checking of a cluster's endpoints. */
public record HealthCheck(
    @JsonProperty("active") ActiveHealthCheck active,
    @JsonProperty("passive") OutlierDetection passive,
    @JsonProperty("panicThreshold") Integer panicThreshold) {
}

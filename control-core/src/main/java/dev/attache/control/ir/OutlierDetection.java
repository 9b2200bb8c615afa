package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Passive health checking: ejecting endpoints that fail. */
public record OutlierDetection(
    @JsonProperty("interval") String interval,
    @JsonProperty("splitExternalLocalOriginErrors") Boolean splitExternalLocalOriginErrors,
    @JsonProperty("consecutiveLocalOriginFailures") Integer consecutiveLocalOriginFailures,
    @JsonProperty("consecutiveGatewayErrors") Integer consecutiveGatewayErrors,
    @JsonProperty("consecutive5XxErrors") Integer consecutive5XxErrors,
    @JsonProperty("baseEjectionTime") String baseEjectionTime,
    @JsonProperty("maxEjectionPercent") Integer maxEjectionPercent,
    @JsonProperty("failurePercentageThreshold") Integer failurePercentageThreshold,
    @JsonProperty("alwaysEjectOneEndpoint") Boolean alwaysEjectOneEndpoint) {
}

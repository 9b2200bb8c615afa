package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Passive health checking: ejecting endpoints that fail. */
public record OutlierDetection(
    @JsonProperty("interval") GoDuration interval,
    @JsonProperty("splitExternalLocalOriginErrors") Boolean splitExternalLocalOriginErrors,
    @JsonProperty("consecutiveLocalOriginFailures") Integer consecutiveLocalOriginFailures,
    @JsonProperty("consecutiveGatewayErrors") Integer consecutiveGatewayErrors,
    @JsonProperty("consecutive5XxErrors") Integer consecutive5XxErrors,
    @JsonProperty("baseEjectionTime") GoDuration baseEjectionTime,
    @JsonProperty("maxEjectionPercent") Integer maxEjectionPercent,
    @JsonProperty("failurePercentageThreshold") Integer failurePercentageThreshold,
    @JsonProperty("alwaysEjectOneEndpoint") Boolean alwaysEjectOneEndpoint) {
}

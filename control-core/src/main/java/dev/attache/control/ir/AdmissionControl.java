package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Client-side throttling by the backend's recent success rate. */
public record AdmissionControl(
    @JsonProperty("samplingWindow") GoDuration samplingWindow,
    @JsonProperty("minSuccessRate") Integer minSuccessRate,
    @JsonProperty("rejectionAggression") Integer rejectionAggression,
    @JsonProperty("minRequestRate") Integer minRequestRate,
    @JsonProperty("maxRejectionPercent") Integer maxRejectionPercent,
    @JsonProperty("successCriteria") AdmissionControlSuccessCriteria successCriteria) {
}

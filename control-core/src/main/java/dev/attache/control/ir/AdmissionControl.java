package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Client-side throttling by the backend's recent success rate. */
public record AdmissionControl(
    @JsonProperty("samplingWindow") String samplingWindow,
    @JsonProperty("minSuccessRate") Integer minSuccessRate,
    @JsonProperty("rejectionAggression") Integer rejectionAggression,
    @JsonProperty("minRequestRate") Integer minRequestRate,
    @JsonProperty("maxRejectionPercent") Integer maxRejectionPercent,
    @JsonProperty("successCriteria") AdmissionControlSuccessCriteria successCriteria) {
}

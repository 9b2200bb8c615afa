package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Admission control: rejecting requests while the backend's success rate is low. */
public record AdmissionControl(
    @JsonProperty("samplingWindow") String samplingWindow,
    @JsonProperty("minSuccessRate") Integer minSuccessRate,
    @JsonProperty("rejectionAggression") Integer rejectionAggression,
    @JsonProperty("minRequestRate") Integer minRequestRate,
    @JsonProperty("maxRejectionPercent") Integer maxRejectionPercent,
    @JsonProperty("successCriteria") AdmissionControlSuccessCriteria successCriteria) {
}

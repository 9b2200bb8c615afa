package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Load balancing on backend-reported utilization (client-side weighted round robin). */
public record BackendUtilization(
    @JsonProperty("blackoutPeriod") String blackoutPeriod,
    @JsonProperty("weightExpirationPeriod") String weightExpirationPeriod,
    @JsonProperty("weightUpdatePeriod") String weightUpdatePeriod,
    @JsonProperty("errorUtilizationPenaltyPercent") Integer errorUtilizationPenaltyPercent,
    @JsonProperty("metricNamesForComputingUtilization") List<String> metricNamesForComputingUtilization,
    @JsonProperty("slowStart") SlowStart slowStart,
    @JsonProperty("keepResponseHeaders") Boolean keepResponseHeaders,
    @JsonProperty("outOfBand") OutOfBandReporting outOfBand) {
  public BackendUtilization {
    metricNamesForComputingUtilization = metricNamesForComputingUtilization == null ? List.of() : List.copyOf(metricNamesForComputingUtilization);
  }
}

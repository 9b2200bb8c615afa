package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** Load balancing on backend-reported utilization (client-side weighted round robin). */
public record BackendUtilization(
    @JsonProperty("blackoutPeriod") GoDuration blackoutPeriod,
    @JsonProperty("weightExpirationPeriod") GoDuration weightExpirationPeriod,
    @JsonProperty("weightUpdatePeriod") GoDuration weightUpdatePeriod,
    @JsonProperty("errorUtilizationPenaltyPercent") Integer errorUtilizationPenaltyPercent,
    @JsonProperty("metricNamesForComputingUtilization") List<String> metricNamesForComputingUtilization,
    @JsonProperty("slowStart") SlowStart slowStart,
    @JsonProperty("keepResponseHeaders") Boolean keepResponseHeaders,
    @JsonProperty("outOfBand") OutOfBandReporting outOfBand) {
  public BackendUtilization {
    metricNamesForComputingUtilization = metricNamesForComputingUtilization == null ? List.of() : List.copyOf(metricNamesForComputingUtilization);
  }
}

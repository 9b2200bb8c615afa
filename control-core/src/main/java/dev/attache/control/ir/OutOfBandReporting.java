package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Out-of-band load reports from backends. */
public record OutOfBandReporting(
    @JsonProperty("reportingPeriod") String reportingPeriod,
    @JsonProperty("port") Integer port,
    @JsonProperty("authority") String authority) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Out-of-band load reports: how often, and on which port and authority. */
public record OutOfBandReporting(
    @JsonProperty("reportingPeriod") String reportingPeriod,
    @JsonProperty("port") Integer port,
    @JsonProperty("authority") String authority) {
}

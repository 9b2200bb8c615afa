package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Out-of-band load reports from backends. */
public record OutOfBandReporting(
    @JsonProperty("reportingPeriod") GoDuration reportingPeriod,
    @JsonProperty("port") Integer port,
    @JsonProperty("authority") String authority) {
}

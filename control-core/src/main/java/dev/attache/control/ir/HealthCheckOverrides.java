package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where probes go instead of the traffic port. */
public record HealthCheckOverrides(
    @JsonProperty("port") int port) {
}

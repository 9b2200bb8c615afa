package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Probe data, as text or bytes. */
public record HealthCheckPayload(
    @JsonProperty("text") String text,
    @JsonProperty("binary") Bytes binary) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Round robin or least request, with optional slow start. */
public record SlowStartHolder(
    @JsonProperty("slowStart") SlowStart slowStart) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Host header normalisation. */
public record HostSettings(
    @JsonProperty("stripTrailingHostDot") boolean stripTrailingHostDot) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a listener treats the Host header. */
public record HostSettings(
    @JsonProperty("stripTrailingHostDot") boolean stripTrailingHostDot) {
}

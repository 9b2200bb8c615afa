package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Slow start window. */
public record SlowStart(
    @JsonProperty("window") String window) {
}

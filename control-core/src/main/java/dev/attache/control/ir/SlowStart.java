package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Slow start window. */
public record SlowStart(
    @JsonProperty("window") GoDuration window) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A bandwidth limit in KiB per second. */
public record BandwidthLimitConfig(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("limitKibps") long limitKibps,
    @JsonProperty("responseTrailers") BandwidthLimitResponseTrailers responseTrailers) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A bandwidth limit in KiB/s, and for responses the trailers reporting delays. */
public record BandwidthLimitConfig(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("limitKibps") Long limitKibps,
    @JsonProperty("responseTrailers") BandwidthLimitResponseTrailers responseTrailers) {
}

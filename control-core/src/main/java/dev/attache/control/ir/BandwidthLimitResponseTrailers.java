package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Trailers added to a response that bandwidth limiting delayed. */
public record BandwidthLimitResponseTrailers(
    @JsonProperty("prefix") String prefix) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Trailers reporting bandwidth-limit delays, by prefix. */
public record BandwidthLimitResponseTrailers(
    @JsonProperty("prefix") String prefix) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Bandwidth limits of a route, per direction. */
public record BandwidthLimit(
    @JsonProperty("request") BandwidthLimitConfig request,
    @JsonProperty("response") BandwidthLimitConfig response) {
}

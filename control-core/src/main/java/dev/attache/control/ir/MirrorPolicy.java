package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A destination that receives a copy of requests. */
public record MirrorPolicy(
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("percentage") Double percentage) {
}

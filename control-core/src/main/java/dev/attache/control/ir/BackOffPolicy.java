package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Retry back-off. */
public record BackOffPolicy(
    @JsonProperty("baseInterval") String baseInterval,
    @JsonProperty("maxInterval") String maxInterval) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A retry budget: retries as a share of active requests. */
public record RetryBudget(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("percent") double percent,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("minRetryConcurrency") int minRetryConcurrency) {
}

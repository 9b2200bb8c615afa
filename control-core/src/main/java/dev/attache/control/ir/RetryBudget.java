package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The share of active requests that may be retries, and the retries always allowed. */
public record RetryBudget(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("percent") Double percent,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("minRetryConcurrency") int minRetryConcurrency) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The share of active requests that may be retries, and the retries always allowed. */
public record RetryBudget(
    @JsonProperty("percent") Double percent,
    @JsonProperty("minRetryConcurrency") int minRetryConcurrency) {
}

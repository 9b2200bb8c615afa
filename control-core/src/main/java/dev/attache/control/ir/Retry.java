package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Retries. */
public record Retry(
    @JsonProperty("numRetries") Integer numRetries,
    @JsonProperty("numAttemptsPerPriority") Integer numAttemptsPerPriority,
    @JsonProperty("retryOn") RetryOn retryOn,
    @JsonProperty("perRetry") PerRetryPolicy perRetry) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Circuit breaker thresholds (Go {@code uint32}s, so up to 4294967295: held in a {@code Long}). */
public record CircuitBreaker(
    @JsonProperty("maxConnections") Long maxConnections,
    @JsonProperty("maxPendingRequests") Long maxPendingRequests,
    @JsonProperty("maxParallelRequests") Long maxParallelRequests,
    @JsonProperty("maxRequestsPerConnection") Long maxRequestsPerConnection,
    @JsonProperty("maxParallelRetries") Long maxParallelRetries,
    @JsonProperty("perEndpoint") PerEndpointCircuitBreaker perEndpoint,
    @JsonProperty("retryBudget") RetryBudget retryBudget) {
}

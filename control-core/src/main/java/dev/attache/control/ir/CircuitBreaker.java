package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Circuit breaker thresholds. */
public record CircuitBreaker(
    @JsonProperty("maxConnections") Integer maxConnections,
    @JsonProperty("maxPendingRequests") Integer maxPendingRequests,
    @JsonProperty("maxParallelRequests") Integer maxParallelRequests,
    @JsonProperty("maxRequestsPerConnection") Integer maxRequestsPerConnection,
    @JsonProperty("maxParallelRetries") Integer maxParallelRetries,
    @JsonProperty("perEndpoint") PerEndpointCircuitBreaker perEndpoint,
    @JsonProperty("retryBudget") RetryBudget retryBudget) {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** Circuit breaker thresholds (Go {@code uint32}s: 4294967295 is held as -1, see {@link Uint32}). */
public record CircuitBreaker(
    @JsonSerialize(using = Uint32.Serializer.class) @JsonDeserialize(using = Uint32.Deserializer.class)
    @JsonProperty("maxConnections") Integer maxConnections,
    @JsonSerialize(using = Uint32.Serializer.class) @JsonDeserialize(using = Uint32.Deserializer.class)
    @JsonProperty("maxPendingRequests") Integer maxPendingRequests,
    @JsonSerialize(using = Uint32.Serializer.class) @JsonDeserialize(using = Uint32.Deserializer.class)
    @JsonProperty("maxParallelRequests") Integer maxParallelRequests,
    @JsonSerialize(using = Uint32.Serializer.class) @JsonDeserialize(using = Uint32.Deserializer.class)
    @JsonProperty("maxRequestsPerConnection") Integer maxRequestsPerConnection,
    @JsonSerialize(using = Uint32.Serializer.class) @JsonDeserialize(using = Uint32.Deserializer.class)
    @JsonProperty("maxParallelRetries") Integer maxParallelRetries,
    @JsonProperty("perEndpoint") PerEndpointCircuitBreaker perEndpoint,
    @JsonProperty("retryBudget") RetryBudget retryBudget) {
}

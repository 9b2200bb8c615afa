package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Envoy probing endpoints over HTTP, TCP or gRPC. */
public record ActiveHealthCheck(
    @JsonProperty("timeout") String timeout,
    @JsonProperty("interval") String interval,
    @JsonProperty("initialJitter") String initialJitter,
    @JsonProperty("unhealthyThreshold") Integer unhealthyThreshold,
    @JsonProperty("healthyThreshold") Integer healthyThreshold,
    @JsonProperty("http") HttpHealthChecker http,
    @JsonProperty("tcp") TcpHealthChecker tcp,
    @JsonProperty("grpc") GrpcHealthChecker grpc,
    @JsonProperty("overrides") HealthCheckOverrides overrides,
    @JsonProperty("backendHealthCheckLog") HealthCheckLog backendHealthCheckLog) {
}

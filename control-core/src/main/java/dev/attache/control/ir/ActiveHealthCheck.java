package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Envoy probing endpoints over HTTP, TCP or gRPC. */
public record ActiveHealthCheck(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("timeout") GoDuration timeout,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("interval") GoDuration interval,
    @JsonProperty("initialJitter") GoDuration initialJitter,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("unhealthyThreshold") Integer unhealthyThreshold,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("healthyThreshold") Integer healthyThreshold,
    @JsonProperty("http") HttpHealthChecker http,
    @JsonProperty("tcp") TcpHealthChecker tcp,
    @JsonProperty("grpc") GrpcHealthChecker grpc,
    @JsonProperty("overrides") HealthCheckOverrides overrides,
    @JsonProperty("backendHealthCheckLog") HealthCheckLog backendHealthCheckLog) {
}

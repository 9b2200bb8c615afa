package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Traffic policies of a route (BackendTrafficPolicy). */
public record TrafficFeatures(
    @JsonProperty("dns") Dns dns,
    @JsonProperty("loadBalancer") LoadBalancer loadBalancer,
    @JsonProperty("proxyProtocol") UpstreamProxyProtocol proxyProtocol,
    @JsonProperty("http2") Http2Settings http2,
    @JsonProperty("healthCheck") HealthCheck healthCheck,
    @JsonProperty("circuitBreaker") CircuitBreaker circuitBreaker,
    @JsonProperty("timeout") Timeout timeout,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("backendConnection") BackendConnection backendConnection,
    @JsonProperty("rateLimit") RateLimit rateLimit,
    @JsonProperty("retry") Retry retry,
    @JsonProperty("httpUpgrade") List<HttpUpgradeConfig> httpUpgrade,
    @JsonProperty("faultInjection") FaultInjection faultInjection,
    @JsonProperty("compression") List<Compression> compression,
    @JsonProperty("bandwidthLimit") BandwidthLimit bandwidthLimit,
    @JsonProperty("admissionControl") AdmissionControl admissionControl,
    @JsonProperty("responseOverride") ResponseOverride responseOverride,
    @JsonProperty("telemetry") BackendTelemetry telemetry,
    @JsonProperty("requestBuffer") RequestBuffer requestBuffer) {
  public TrafficFeatures {
    httpUpgrade = httpUpgrade == null ? List.of() : List.copyOf(httpUpgrade);
    compression = compression == null ? List.of() : List.copyOf(compression);
  }
}

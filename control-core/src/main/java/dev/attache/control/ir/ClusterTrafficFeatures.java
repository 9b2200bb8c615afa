package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The traffic policy of a shared cluster. */
public record ClusterTrafficFeatures(
    @JsonProperty("dns") Dns dns,
    @JsonProperty("loadBalancer") LoadBalancer loadBalancer,
    @JsonProperty("proxyProtocol") UpstreamProxyProtocol proxyProtocol,
    @JsonProperty("healthCheck") HealthCheck healthCheck,
    @JsonProperty("circuitBreaker") CircuitBreaker circuitBreaker,
    @JsonProperty("timeout") Timeout timeout,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("backendConnection") BackendConnection backendConnection,
    @JsonProperty("http2") Http2Settings http2,
    @JsonProperty("admissionControl") AdmissionControl admissionControl)
    implements ClusterTraffic {
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A TCP or TLS route of a TCP listener. */
public record TcpRoute(
    @JsonProperty("dns") Dns dns,
    @JsonProperty("name") String name,
    @JsonProperty("statName") String statName,
    @JsonProperty("tls") TlsRouteConfig tls,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("loadBalancer") LoadBalancer loadBalancer,
    @JsonProperty("timeout") Timeout timeout,
    @JsonProperty("circuitBreaker") CircuitBreaker circuitBreaker,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("backendConnection") BackendConnection backendConnection,
    @JsonProperty("healthCheck") HealthCheck healthCheck,
    @JsonProperty("proxyProtocol") UpstreamProxyProtocol proxyProtocol,
    @JsonProperty("preconnect") Preconnect preconnect,
    @JsonProperty("authorization") TcpAuthorization authorization) {
  public TcpRoute {
    name = name == null ? "" : name;
  }
}

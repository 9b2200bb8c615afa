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
    @JsonProperty("authorization") TcpAuthorization authorization,
    @JsonProperty("healthCheck") HealthCheck healthCheck,
    @JsonProperty("proxyProtocol") UpstreamProxyProtocol proxyProtocol) {
  public TcpRoute {
    name = name == null ? "" : name;
  }

  /** A route without health checks or PROXY protocol. */
  public TcpRoute(Dns dns, String name, String statName, TlsRouteConfig tls, RouteDestination destination,
      TcpKeepalive tcpKeepalive, LoadBalancer loadBalancer, Timeout timeout, CircuitBreaker circuitBreaker,
      ResourceMetadata metadata, BackendConnection backendConnection, TcpAuthorization authorization) {
    this(dns, name, statName, tls, destination, tcpKeepalive, loadBalancer, timeout, circuitBreaker, metadata,
        backendConnection, authorization, null, null);
  }
}

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

  /** This route with its TLS settings replaced. */
  public TcpRoute withTls(TlsRouteConfig tls) {
    return new TcpRoute(dns, name, statName, tls, destination, tcpKeepalive, loadBalancer, timeout, circuitBreaker,
        metadata, backendConnection, healthCheck, proxyProtocol, preconnect, authorization);
  }

  /** A route with only a name, TLS match, destination and metadata; traffic policies come later. */
  public static TcpRoute of(String name, TlsRouteConfig tls, RouteDestination destination, ResourceMetadata metadata) {
    return new TcpRoute(null, name, null, tls, destination, null, null, null, null, metadata, null, null, null, null,
        null);
  }
}

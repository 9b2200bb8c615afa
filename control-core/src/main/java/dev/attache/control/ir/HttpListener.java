package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An HTTP listener: address, TLS, HTTP settings and routes. */
public record HttpListener(
    @JsonProperty("extensionRefs") List<UnstructuredRef> extensionRefs,
    @JsonProperty("name") String name,
    @JsonProperty("address") String address,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("externalPort") int externalPort,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("hostnames") List<String> hostnames,
    @JsonProperty("tls") TlsConfig tls,
    @JsonProperty("tlsOverlaps") boolean tlsOverlaps,
    @JsonProperty("routes") List<HttpRoute> routes,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("headers") HeaderSettings headers,
    @JsonProperty("proxyProtocol") ProxyProtocolSettings proxyProtocol,
    @JsonProperty("clientIPDetection") ClientIpDetection clientIPDetection,
    @JsonProperty("path") PathSettings path,
    @JsonProperty("http1") Http1Settings http1,
    @JsonProperty("http2") Http2Settings http2,
    @JsonProperty("http3") Empty http3,
    @JsonProperty("grpc") GrpcSettings grpc,
    @JsonProperty("healthCheck") HealthCheckSettings healthCheck,
    @JsonProperty("host") HostSettings host,
    @JsonProperty("timeout") ClientTimeout timeout,
    @JsonProperty("connection") ClientConnection connection,
    @JsonProperty("preserveRouteOrder") boolean preserveRouteOrder,
    @JsonProperty("matchBackendScheme") boolean matchBackendScheme,
    @JsonProperty("requestID") String requestID,
    @JsonProperty("geoIPProvider") GeoIpProvider geoIPProvider) {
  public HttpListener {
    extensionRefs = extensionRefs == null ? List.of() : List.copyOf(extensionRefs);
    name = name == null ? "" : name;
    address = address == null ? "" : address;
    hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
    routes = routes == null ? List.of() : List.copyOf(routes);
  }
}

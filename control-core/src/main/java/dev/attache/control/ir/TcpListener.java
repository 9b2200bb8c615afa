package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A TCP listener with its routes (TCPRoute, TLSRoute). */
public record TcpListener(
    @JsonProperty("extensionRefs") List<UnstructuredRef> extensionRefs,
    @JsonProperty("name") String name,
    @JsonProperty("address") String address,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("externalPort") int externalPort,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("tls") TlsConfig tls,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("proxyProtocol") ProxyProtocolSettings proxyProtocol,
    @JsonProperty("timeout") ClientTimeout timeout,
    @JsonProperty("connection") ClientConnection connection,
    @JsonProperty("routes") List<TcpRoute> routes) {
  public TcpListener {
    extensionRefs = extensionRefs == null ? List.of() : List.copyOf(extensionRefs);
    name = name == null ? "" : name;
    address = address == null ? "" : address;
    routes = routes == null ? List.of() : List.copyOf(routes);
  }
}

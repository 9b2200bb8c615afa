package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.UpstreamProxyProtocol;
import io.envoyproxy.envoy.config.core.v3.ProxyProtocolConfig;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;

/** The upstream PROXY protocol transport socket, wrapping the backend's own socket. */
final class ProxyProtocolSockets {
  private ProxyProtocolSockets() {}

  /**
   * Wraps {@code inner}; without one, wraps the TLS placeholder when the cluster negotiates
   * HTTP by ALPN, else a raw buffer socket.
   */
  static TransportSocket wrap(UpstreamProxyProtocol pp, TransportSocket inner,
      boolean autoHttpConfig) {
    ProxyProtocolUpstreamTransport.Builder transport = ProxyProtocolUpstreamTransport.newBuilder();
    switch (pp.version()) {
      case "V1" -> transport.setConfig(ProxyProtocolConfig.newBuilder()
          .setVersion(ProxyProtocolConfig.Version.V1));
      case "V2" -> transport.setConfig(ProxyProtocolConfig.newBuilder()
          .setVersion(ProxyProtocolConfig.Version.V2));
      default -> { }
    }
    if (inner != null) {
      transport.setTransportSocket(inner);
    } else if (autoHttpConfig) {
      transport.setTransportSocket(UpstreamTls.dummySocket());
    } else {
      transport.setTransportSocket(TransportSocket.newBuilder()
          .setName("envoy.transport_sockets.raw_buffer")
          .setTypedConfig(Any.pack(RawBuffer.getDefaultInstance())));
    }
    return TransportSocket.newBuilder().setName("envoy.transport_sockets.upstream_proxy_protocol")
        .setTypedConfig(Any.pack(transport.build())).build();
  }
}

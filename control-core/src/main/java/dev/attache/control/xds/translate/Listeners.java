package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ClientTimeout;
import dev.attache.control.ir.ProxyProtocolSettings;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.SocketOption;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import java.util.List;

/** The listener itself: address, socket options, buffers and listener filters. */
final class Listeners {
  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
  static final String PROXY_PROTOCOL = "envoy.filters.listener.proxy_protocol";
  private static final int PER_CONNECTION_BUFFER_LIMIT = 32768;

  private Listeners() {}

  /** Listener name: the IR name, or {@code tcp-PORT}/{@code udp-PORT} under name scheme v2. */
  static String name(String irName, int externalPort, SocketAddress.Protocol protocol, boolean v2) {
    if (v2) {
      return (protocol == SocketAddress.Protocol.UDP ? "udp-" : "tcp-") + externalPort;
    }
    return irName;
  }

  static Address address(String host, int port, SocketAddress.Protocol protocol, String ipFamily) {
    SocketAddress.Builder socket = SocketAddress.newBuilder().setProtocol(protocol)
        .setAddress(host == null ? "" : host).setPortValue(port);
    if ("DualStack".equals(ipFamily)) {
      socket.setIpv4Compat(true);
    }
    return Address.newBuilder().setSocketAddress(socket).build();
  }

  static Listener.Builder tcp(String name, String host, int port, String ipFamily,
      TcpKeepalive keepalive, ClientConnection connection, ClientTimeout timeout,
      dev.attache.control.ir.AccessLog accessLog) {
    Listener.Builder listener = Listener.newBuilder().setName(name)
        .addAllAccessLog(AccessLogs.build(accessLog, AccessLogs.Where.LISTENER))
        .addAllSocketOptions(socketOptions(keepalive))
        .setAddress(address(host, port, SocketAddress.Protocol.TCP, ipFamily));
    listener.setPerConnectionBufferLimitBytes(UInt32Value.of(
        connection != null && connection.bufferLimit() != null
            ? connection.bufferLimit() : PER_CONNECTION_BUFFER_LIMIT));
    if (connection == null || connection.maxAcceptPerSocketEvent() == null) {
      listener.setMaxConnectionsToAcceptPerSocketEvent(UInt32Value.of(1));
    } else if (connection.maxAcceptPerSocketEvent() != 0) {
      listener.setMaxConnectionsToAcceptPerSocketEvent(
          UInt32Value.of(connection.maxAcceptPerSocketEvent()));
    }
    if (timeout != null && timeout.tcp() != null
        && timeout.tcp().connectionInspectionTimeout() != null) {
      listener.setListenerFiltersTimeout(
          timeout.tcp().connectionInspectionTimeout().toProto());
    }
    return listener;
  }

  /** The UDP listener HTTP/3 (QUIC) is served on. */
  static Listener.Builder quic(String name, String host, int port, String ipFamily,
      dev.attache.control.ir.AccessLog accessLog) {
    return Listener.newBuilder().setName(name)
        .addAllAccessLog(AccessLogs.build(accessLog, AccessLogs.Where.LISTENER))
        .setAddress(address(host, port, SocketAddress.Protocol.UDP, ipFamily))
        .setUdpListenerConfig(io.envoyproxy.envoy.config.listener.v3.UdpListenerConfig.newBuilder()
            .setDownstreamSocketConfig(
                io.envoyproxy.envoy.config.core.v3.UdpSocketConfig.getDefaultInstance())
            .setQuicOptions(
                io.envoyproxy.envoy.config.listener.v3.QuicProtocolOptions.getDefaultInstance()))
        .setDrainType(Listener.DrainType.MODIFY_ONLY);
  }

  /** SO_KEEPALIVE and the TCP keepalive knobs, with Linux option numbers. */
  static List<SocketOption> socketOptions(TcpKeepalive keepalive) {
    if (keepalive == null) {
      return List.of();
    }
    List<SocketOption> out = new java.util.ArrayList<>();
    out.add(SocketOption.newBuilder().setDescription("socket option to enable tcp keep alive")
        .setLevel(1).setName(9).setIntValue(1).build());
    if (keepalive.probes() != null) {
      out.add(tcpOption("socket option for keep alive probes", 6, keepalive.probes()));
    }
    if (keepalive.idleTime() != null) {
      out.add(tcpOption("socket option for keep alive idle time", 4, keepalive.idleTime()));
    }
    if (keepalive.interval() != null) {
      out.add(tcpOption("socket option for keep alive interval", 5, keepalive.interval()));
    }
    return out;
  }

  private static SocketOption tcpOption(String description, int name, long value) {
    return SocketOption.newBuilder().setDescription(description).setLevel(6).setName(name)
        .setIntValue(value).setState(SocketOption.SocketState.STATE_PREBIND).build();
  }

  /** Adds the PROXY protocol listener filter first, once. */
  static void proxyProtocol(Listener.Builder listener, ProxyProtocolSettings settings) {
    if (settings == null || hasFilter(listener, PROXY_PROTOCOL)) {
      return;
    }
    ProxyProtocol.Builder pp = ProxyProtocol.newBuilder();
    if (settings.optional()) {
      pp.setAllowRequestsWithoutProxyProtocol(true);
    }
    listener.addListenerFilters(0, ListenerFilter.newBuilder().setName(PROXY_PROTOCOL)
        .setTypedConfig(Any.pack(pp.build())));
  }

  /** Adds the TLS inspector once, with JA3/JA4 fingerprinting when asked. */
  static void tlsInspector(Listener.Builder listener, List<String> fingerprints) {
    if (hasFilter(listener, TLS_INSPECTOR)) {
      return;
    }
    TlsInspector.Builder inspector = TlsInspector.newBuilder();
    for (String fingerprint : fingerprints) {
      switch (fingerprint) {
        case "JA3" -> inspector.setEnableJa3Fingerprinting(BoolValue.of(true));
        case "JA4" -> NewerEnvoyFields.setMessage(inspector, "enable_ja4_fingerprinting",
            BoolValue.of(true));
        default -> { }
      }
    }
    listener.addListenerFilters(ListenerFilter.newBuilder().setName(TLS_INSPECTOR)
        .setTypedConfig(Any.pack(inspector.build())));
  }

  private static boolean hasFilter(Listener.Builder listener, String name) {
    return listener.getListenerFiltersList().stream().anyMatch(f -> f.getName().equals(name));
  }
}

package dev.attache.control.xds.translate;

import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.TcpListener;
import dev.attache.control.ir.TcpRoute;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.type.v3.HashPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** TCP listeners: one filter chain per TCP/TLS route (SNI-matched for TLS), each a TCP proxy. */
final class TcpListeners {
  private TcpListeners() {}

  /** Translates all TCP listeners; listeners without routes share one empty-cluster chain. */
  static void translate(ResourceTable table, List<TcpListener> listeners, Metrics metrics,
      TranslatorSettings settings, dev.attache.control.ir.AccessLog accessLog,
      dev.attache.control.ir.HealthCheckLog healthCheckLog) {
    boolean v2 = settings.enabled(RuntimeFlag.XDS_NAME_SCHEME_V2);
    Set<String> emptyChainAdded = new HashSet<>();
    for (TcpListener l : listeners) {
      ResourceTable.ListenerDraft draft = table.listener(l.address(), l.port(),
          SocketAddress.Protocol.TCP).orElseGet(() -> {
            ResourceTable.ListenerDraft d = new ResourceTable.ListenerDraft(Listeners.tcp(
                Listeners.name(l.name(), l.externalPort(), SocketAddress.Protocol.TCP, v2),
                l.address(), l.port(), l.ipFamily(), l.tcpKeepalive(), l.connection(), l.timeout(),
                accessLog));
            table.addListener(d);
            return d;
          });
      Listeners.proxyProtocol(draft.listener, l.proxyProtocol());
      for (TcpRoute route : l.routes()) {
        RouteDestination d = route.destination();
        if (d != null && Destinations.needsRouteCluster(d)) {
          Clusters.add(table, ClusterArgs.builder(d.name(), d.settings())
              .loadBalancer(route.loadBalancer()).circuitBreaker(route.circuitBreaker())
              .timeout(route.timeout()).tcpKeepalive(route.tcpKeepalive())
              .backendConnection(route.backendConnection()).metrics(metrics)
              .ipFamily(ClusterArgs.ipFamily(d.settings())).metadata(d.metadata()).isRoute(true)
              .proxyProtocol(route.proxyProtocol()).healthCheck(route.healthCheck())
              .healthCheckLog(healthCheckLog).dns(route.dns()).build(), settings);
        }
        if (route.tls() != null && route.tls().terminate() != null) {
          TlsConfig terminate = route.tls().terminate();
          for (TlsCertificate cert : terminate.clientCertificates()) {
            addSecret(table, DownstreamTls.certificateSecret(cert));
          }
          for (TlsCertificate cert : terminate.certificates()) {
            addSecret(table, DownstreamTls.certificateSecret(cert));
          }
          if (terminate.caCertificate() != null) {
            addSecret(table, DownstreamTls.caSecret(terminate.caCertificate(), terminate.crl()));
          }
        } else if (d != null) {
          UpstreamTls.addClientCertificates(table, d.settings());
        }
        addFilterChain(draft, route, d == null ? "" : Destinations.singleClusterName(d), l,
            accessLog);
      }
      if (l.routes().isEmpty()) {
        if (!table.hasCluster(Clusters.EMPTY_CLUSTER)) {
          table.addCluster(Clusters.empty());
        }
        String listenerName = draft.listener.getName();
        if (emptyChainAdded.add(listenerName)) {
          TcpRoute empty = TcpRoute.of(Clusters.EMPTY_CLUSTER, null,
              new RouteDestination(Clusters.EMPTY_CLUSTER, null, null, null, null), null);
          addFilterChain(draft, empty, Clusters.EMPTY_CLUSTER, l, accessLog);
        }
      }
    }
  }

  private static void addSecret(ResourceTable table, Secret secret) {
    if (secret != null) {
      table.addSecret(secret);
    }
  }

  private static void addFilterChain(ResourceTable.ListenerDraft draft, TcpRoute route,
      String cluster, TcpListener l, dev.attache.control.ir.AccessLog accessLog) {
    boolean passthrough = route.tls() != null && route.tls().inspector() != null;
    boolean terminate = route.tls() != null && route.tls().terminate() != null;
    String statPrefix = route.statName();
    if (statPrefix == null || statPrefix.isEmpty()) {
      String kind = terminate ? "tls-terminate" : passthrough ? "tls-passthrough" : "tcp";
      statPrefix = kind + "-" + draft.listener.getAddress().getSocketAddress().getPortValue();
    }
    FilterChain.Builder chain = FilterChain.newBuilder().setName(Clusters.nz(route.name()));
    if (route.authorization() != null) {
      chain.addFilters(TcpAuthorizationFilter.build(statPrefix, route.authorization()));
    }
    if (l.connection() != null && l.connection().limit() != null
        && l.connection().limit().value() != null) {
      chain.addFilters(NetworkFilters.of(NetworkFilters.CONNECTION_LIMIT,
          ConnectionManager.connectionLimit(statPrefix, l.connection())));
    }
    boolean sniProxy = passthrough && !terminate && route.destination() != null
        && route.destination().settings().size() == 1
        && route.destination().settings().getFirst().isDynamicResolver();
    if (sniProxy) {
      chain.addAllFilters(DynamicForwardProxy.sniFilters(statPrefix, route.dns()));
    }
    TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix(statPrefix).setCluster(cluster)
        .addAllAccessLog(AccessLogs.build(accessLog, AccessLogs.Where.ROUTE));
    if (route.loadBalancer() != null && route.loadBalancer().consistentHash() != null
        && Boolean.TRUE.equals(route.loadBalancer().consistentHash().sourceIP())) {
      proxy.addHashPolicy(HashPolicy.newBuilder()
          .setSourceIp(HashPolicy.SourceIp.getDefaultInstance()));
    }
    if (l.timeout() != null && l.timeout().tcp() != null && l.timeout().tcp().idleTimeout() != null) {
      proxy.setIdleTimeout(l.timeout().tcp().idleTimeout().toProto());
    }
    chain.addFilters(NetworkFilters.of(NetworkFilters.TCP_PROXY, proxy.build()));
    if (l.timeout() != null && l.timeout().tcp() != null
        && l.timeout().tcp().tlsHandshakeTimeout() != null) {
      chain.setTransportSocketConnectTimeout(l.timeout().tcp().tlsHandshakeTimeout().toProto());
    }
    List<String> snis = passthrough ? route.tls().inspector().snis() : List.of();
    List<String> fingerprints = l.tls() == null ? List.of() : l.tls().fingerprints();
    HttpListeners.serverNames(draft.listener, chain, snis, fingerprints);
    if (sniProxy) {
      Listeners.tlsInspector(draft.listener, List.of());
    }
    if (terminate) {
      chain.setTransportSocket(DownstreamTls.socket(route.tls().terminate(), null));
    }
    draft.chains.add(new ResourceTable.ChainDraft(chain, null, 0));
  }
}

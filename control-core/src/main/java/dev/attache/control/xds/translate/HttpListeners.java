package dev.attache.control.xds.translate;

import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualCluster;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP listeners: the TCP listener, its connection manager, route configuration and clusters. */
final class HttpListeners {
  private static final int MAX_DIRECT_RESPONSE_BODY = 4 * 1024;
  private static final int CRD_MAX_SIZE = 1024 * 1024;

  private HttpListeners() {}

  static void translate(ResourceTable table, HttpListener l, Metrics metrics,
      HttpFeature.Context context) {
    TranslatorSettings settings = context.settings();
    boolean v2 = settings.enabled(RuntimeFlag.XDS_NAME_SCHEME_V2);
    var existing = table.listener(l.address(), l.port(), SocketAddress.Protocol.TCP);
    ResourceTable.ListenerDraft draft;
    boolean addHcm;
    boolean http3 = context.http3(l);
    if (existing.isEmpty()) {
      if (http3) {
        table.addListener(new ResourceTable.ListenerDraft(Listeners.quic(
            v2 ? Listeners.name(l.name(), l.externalPort(), SocketAddress.Protocol.UDP, true)
                : l.name() + "-quic", l.address(), l.port(), l.ipFamily(), context.accessLog())));
      }
      draft = new ResourceTable.ListenerDraft(Listeners.tcp(
          Listeners.name(l.name(), l.externalPort(), SocketAddress.Protocol.TCP, v2),
          l.address(), l.port(), l.ipFamily(), l.tcpKeepalive(), l.connection(), l.timeout(),
          context.accessLog()));
      table.addListener(draft);
      addHcm = true;
    } else {
      draft = existing.get();
      addHcm = l.tls() != null || draft.defaultChain == null || draft.defaultChain.hcm == null;
    }
    var quic = http3 ? table.listener(l.address(), l.port(), SocketAddress.Protocol.UDP) : null;
    if (addHcm) {
      addConnectionManager(draft, l, v2, context, table, false);
      if (quic != null && quic.isPresent()) {
        addConnectionManager(quic.get(), l, v2, context, table, true);
      }
    } else {
      ConnectionManager.addHttpFilters(draft.defaultChain.hcm, l, context);
      if (quic != null && quic.isPresent() && quic.get().defaultChain != null) {
        ConnectionManager.addHttpFilters(quic.get().defaultChain.hcm, l, context);
      }
    }
    if (l.tls() != null) {
      for (TlsCertificate cert : l.tls().certificates()) {
        Secret secret = DownstreamTls.certificateSecret(cert);
        if (secret != null) {
          table.addSecret(secret);
        }
      }
      if (l.tls().caCertificate() != null) {
        Secret ca = DownstreamTls.caSecret(l.tls().caCertificate(), l.tls().crl());
        if (ca != null) {
          table.addSecret(ca);
        }
      }
    }
    for (HttpRoute route : l.routes()) {
      if (route.destination() != null) {
        UpstreamTls.addClientCertificates(table, route.destination().settings());
      }
    }
    String routeConfigName = existingRouteConfigName(draft);
    if (routeConfigName == null) {
      routeConfigName = ConnectionManager.routeConfigName(l, v2);
    }
    final String name = routeConfigName;
    RouteConfiguration.Builder routeConfig = table.routeConfig(name).orElseGet(() -> {
      RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(name)
          .setIgnorePortInHostMatching(true);
      table.addRouteConfig(rc);
      return rc;
    });
    addRoutes(table, routeConfig, l, metrics, v2, context);
    for (HttpFeature feature : HttpFeatures.ORDERED) {
      feature.patchResources(table, l.routes(), context);
    }
  }

  private static String existingRouteConfigName(ResourceTable.ListenerDraft draft) {
    if (draft.defaultChain == null || draft.defaultChain.hcm == null
        || !draft.defaultChain.hcm.hasRds()) {
      return null;
    }
    return draft.defaultChain.hcm.getRds().getRouteConfigName();
  }

  private static void addConnectionManager(ResourceTable.ListenerDraft draft, HttpListener l,
      boolean v2, HttpFeature.Context context, ResourceTable table, boolean http3) {
    HttpConnectionManager.Builder hcm = ConnectionManager.build(l, v2)
        .addAllAccessLog(AccessLogs.build(context.accessLog(), AccessLogs.Where.ROUTE));
    if (context.tracing() != null) {
      hcm.setTracing(Tracing.build(context.tracing()));
    }
    if (http3) {
      hcm.setCodecType(HttpConnectionManager.CodecType.HTTP3).setHttp3ProtocolOptions(
          io.envoyproxy.envoy.config.core.v3.Http3ProtocolOptions.getDefaultInstance());
    }
    Listeners.proxyProtocol(draft.listener, l.proxyProtocol());
    ConnectionManager.addHttpFilters(hcm, l, context);
    FilterChain.Builder chain = FilterChain.newBuilder();
    if (l.connection() != null && l.connection().limit() != null
        && l.connection().limit().value() != null) {
      chain.addFilters(NetworkFilters.of(NetworkFilters.CONNECTION_LIMIT,
          ConnectionManager.connectionLimit(hcm.getStatPrefix(), l.connection())));
    }
    int hcmIndex = chain.getFiltersCount();
    if (l.timeout() != null && l.timeout().tcp() != null
        && l.timeout().tcp().tlsHandshakeTimeout() != null) {
      chain.setTransportSocketConnectTimeout(l.timeout().tcp().tlsHandshakeTimeout().toProto());
    }
    if (l.tls() != null) {
      chain.setName(l.name());
      chain.setTransportSocket(http3 ? DownstreamTls.quicSocket(l.tls())
          : DownstreamTls.socket(l.tls(), l.tlsOverlaps() ? List.of("http/1.1") : null));
      serverNames(draft.listener, chain, l.hostnames(), l.tls().fingerprints());
      draft.chains.add(new ResourceTable.ChainDraft(chain, hcm, hcmIndex));
    } else {
      if (draft.defaultChain != null) {
        table.errors.add("listener " + l.name() + ": default filter chain already exists");
        return;
      }
      chain.setName(v2 ? "http-" + l.externalPort() : l.name());
      draft.defaultChain = new ResourceTable.ChainDraft(chain, hcm, hcmIndex);
    }
  }

  /** Matches the chain on SNI (not for the catch-all host) and adds the TLS inspector. */
  static void serverNames(Listener.Builder listener, FilterChain.Builder chain,
      List<String> hostnames, List<String> fingerprints) {
    boolean snis = !hostnames.isEmpty() && !hostnames.getFirst().equals("*");
    if (snis) {
      chain.setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(hostnames));
    }
    boolean quic = listener.getAddress().getSocketAddress().getProtocol()
        == SocketAddress.Protocol.UDP;
    if (!fingerprints.isEmpty() || (snis && !quic)) {
      Listeners.tlsInspector(listener, fingerprints);
    }
  }

  private static void addRoutes(ResourceTable table, RouteConfiguration.Builder routeConfig,
      HttpListener l, Metrics metrics, boolean v2, HttpFeature.Context context) {
    Map<String, VirtualHost.Builder> hosts = new LinkedHashMap<>();
    int maxBody = MAX_DIRECT_RESPONSE_BODY;
    for (HttpRoute r : l.routes()) {
      String hostname = r.hostname() == null ? "" : r.hostname();
      VirtualHost.Builder host = hosts.computeIfAbsent(hostname, h -> virtualHost(l, h, metrics, v2));
      if (r.directResponse() != null && r.directResponse().body() != null) {
        maxBody = Math.max(maxBody, r.directResponse().body().length());
      }
      Route route;
      try {
        route = Routes.build(r, l, context);
      } catch (RuntimeException e) {
        table.errors.add("route " + r.name() + ": " + e.getMessage());
        continue;
      }
      if (!r.extensionRefs().isEmpty() || !r.extensionServerPolicies().isEmpty()) {
        route = table.hooks.route(route, host.getDomainsList(), r.extensionRefs(),
            r.extensionServerPolicies());
      }
      if (context.http3(l)) {
        route = route.toBuilder().addResponseHeadersToAdd(
            io.envoyproxy.envoy.config.core.v3.HeaderValueOption.newBuilder()
                .setAppend(com.google.protobuf.BoolValue.of(true))
                .setHeader(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                    .setKey("alt-svc").setValue("h3=\":" + l.externalPort() + "\"; ma=86400")))
            .build();
      }
      host.addRoutes(route);
      if (r.destination() != null) {
        addRouteClusters(table, r, l, metrics, context);
      }
      for (MirrorPolicy mirror : r.mirrors()) {
        if (mirror.destination() != null) {
          Clusters.add(table, ClusterArgs.of(mirror.destination().name(),
              mirror.destination().settings(), metrics, mirror.destination().metadata()),
              context.settings());
        }
      }
    }
    for (VirtualHost.Builder host : hosts.values()) {
      routeConfig.addVirtualHosts(table.hooks.virtualHost(host.build()));
    }
    if (maxBody > MAX_DIRECT_RESPONSE_BODY) {
      routeConfig.setMaxDirectResponseBodySizeBytes(
          UInt32Value.of(Math.max(maxBody, CRD_MAX_SIZE)));
    }
  }

  private static VirtualHost.Builder virtualHost(HttpListener l, String hostname, Metrics metrics,
      boolean v2) {
    String underscored = hostname.replace('.', '_');
    VirtualHost.Builder host = VirtualHost.newBuilder()
        .setName(v2 ? underscored : l.name() + "/" + underscored).addDomains(hostname);
    var md = XdsMetadata.of(l.metadata());
    if (md != null) {
      host.setMetadata(md);
    }
    if (metrics != null && metrics.enableVirtualHostStats()) {
      host.addVirtualClusters(VirtualCluster.newBuilder().setName(underscored)
          .addHeaders(HeaderMatcher.newBuilder().setName(":authority")
              .setStringMatch(StringMatcher.newBuilder().setPrefix(hostname))));
    }
    return host;
  }

  private static void addRouteClusters(ResourceTable table, HttpRoute r, HttpListener l,
      Metrics metrics, HttpFeature.Context context) {
    TranslatorSettings settings = context.settings();
    var d = r.destination();
    if (!Destinations.needsRouteCluster(d)) {
      return;
    }
    if (!Destinations.needsClusterPerSetting(r) && d.backendClusterRefs().isEmpty()) {
      Clusters.add(table, routeClusterArgs(r, l, metrics, d.name(), d.settings(),
          context.healthCheckLog()), settings, r.extensionRefs());
    } else {
      for (DestinationSetting s : d.settings()) {
        Clusters.add(table, routeClusterArgs(r, l, metrics, s.name(), List.of(s),
            context.healthCheckLog()), settings, r.extensionRefs());
      }
    }
  }

  private static ClusterArgs routeClusterArgs(HttpRoute r, HttpListener l, Metrics metrics,
      String name, List<DestinationSetting> settings,
      dev.attache.control.ir.HealthCheckLog healthCheckLog) {
    TrafficFeatures t = r.traffic();
    return ClusterArgs.builder(name, settings).traffic(t).metrics(metrics).http1(l.http1())
        .useClientProtocol(Boolean.TRUE.equals(r.useClientProtocol()))
        .ipFamily(ClusterArgs.ipFamily(r.destination().settings()))
        .metadata(r.destination().metadata()).statName(r.destination().statName()).isRoute(true)
        .healthCheckLog(healthCheckLog).routeHostname(r.hostname()).build();
  }

}

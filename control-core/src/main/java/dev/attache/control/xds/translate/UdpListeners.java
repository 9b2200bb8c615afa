package dev.attache.control.xds.translate;

import com.github.xds.core.v3.TypedExtensionConfig;
import com.github.xds.type.matcher.v3.Matcher;
import com.google.protobuf.Any;
import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.UdpListener;
import dev.attache.control.ir.UdpRoute;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.udp.udp_proxy.v3.Route;
import io.envoyproxy.envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig;
import java.util.List;

/** UDP listeners: a UDP proxy listener filter that sends everything to the route's cluster. */
final class UdpListeners {
  private UdpListeners() {}

  static void translate(ResourceTable table, List<UdpListener> listeners, Metrics metrics,
      TranslatorSettings settings, dev.attache.control.ir.AccessLog accessLog) {
    boolean v2 = settings.enabled(RuntimeFlag.XDS_NAME_SCHEME_V2);
    for (UdpListener l : listeners) {
      UdpRoute route = l.route();
      String cluster;
      if (route != null && route.destination() != null) {
        RouteDestination d = route.destination();
        if (Destinations.needsRouteCluster(d)) {
          Clusters.add(table, ClusterArgs.builder(d.name(), d.settings())
              .loadBalancer(route.loadBalancer()).metrics(metrics)
              .ipFamily(ClusterArgs.ipFamily(d.settings())).metadata(d.metadata()).isRoute(true)
              .dns(route.dns()).build(), settings);
        }
        cluster = Destinations.singleClusterName(d);
      } else {
        if (!table.hasCluster(Clusters.EMPTY_CLUSTER)) {
          table.addCluster(Clusters.empty());
        }
        cluster = Clusters.EMPTY_CLUSTER;
      }
      UdpProxyConfig proxy = UdpProxyConfig.newBuilder().setStatPrefix("service")
          .addAllAccessLog(AccessLogs.build(accessLog, AccessLogs.Where.ROUTE))
          .setMatcher(Matcher.newBuilder().setOnNoMatch(Matcher.OnMatch.newBuilder()
              .setAction(TypedExtensionConfig.newBuilder().setName("route")
                  .setTypedConfig(Any.pack(Route.newBuilder().setCluster(cluster).build())))))
          .build();
      Listener.Builder listener = Listener.newBuilder()
          .addAllAccessLog(AccessLogs.build(accessLog, AccessLogs.Where.LISTENER))
          .setName(Listeners.name(l.name(), l.externalPort(), SocketAddress.Protocol.UDP, v2))
          .setAddress(Listeners.address(l.address(), l.port(), SocketAddress.Protocol.UDP,
              l.ipFamily()))
          .addListenerFilters(ListenerFilter.newBuilder()
              .setName("envoy.filters.udp_listener.udp_proxy").setTypedConfig(Any.pack(proxy)));
      table.addListener(new ResourceTable.ListenerDraft(listener));
    }
  }
}

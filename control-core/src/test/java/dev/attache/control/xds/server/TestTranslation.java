package dev.attache.control.xds.server;

import dev.attache.control.xds.translate.XdsResources;
import com.google.protobuf.Any;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.discovery.EndpointSlice;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.gatewayapi.HTTPRouteRule;
import dev.attache.control.resource.gatewayapi.Listener;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deliberately tiny stand-in for the real translator (which lives in the xds translate
 * package): each Gateway's HTTP listeners, their HTTPRoutes' rules as EDS clusters named the way
 * Envoy Gateway names them, and endpoints from EndpointSlices. Only for driving the server in tests.
 */
final class TestTranslation {
  private static final ConfigSource ADS = ConfigSource.newBuilder()
      .setAds(AggregatedConfigSource.getDefaultInstance())
      .setResourceApiVersion(io.envoyproxy.envoy.config.core.v3.ApiVersion.V3).build();

  private TestTranslation() {
  }

  static Map<String, XdsResources> translate(ResourceSet set) {
    Map<String, XdsResources> out = new LinkedHashMap<>();
    for (Gateway g : set.gateways()) {
      String key = g.namespace() + "/" + g.name();
      List<io.envoyproxy.envoy.config.listener.v3.Listener> listeners = new ArrayList<>();
      List<RouteConfiguration> routes = new ArrayList<>();
      Map<String, Cluster> clusters = new LinkedHashMap<>();
      Map<String, ClusterLoadAssignment> endpoints = new LinkedHashMap<>();
      for (Listener l : g.spec().listeners()) {
        String name = key + "/" + l.name();
        listeners.add(listener(name, l.port()));
        RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(name);
        for (HTTPRoute r : set.httpRoutes()) {
          if (!attached(r, g)) {
            continue;
          }
          VirtualHost.Builder vh = VirtualHost.newBuilder().setName(r.namespace() + "/" + r.name());
          List<String> hosts = r.spec().hostnames() == null ? List.of() : r.spec().hostnames();
          vh.addAllDomains(hosts.isEmpty() ? List.of("*") : hosts);
          int i = 0;
          for (HTTPRouteRule rule : r.spec().rules()) {
            String cluster = "httproute/" + r.namespace() + "/" + r.name() + "/rule/" + i;
            vh.addRoutes(Route.newBuilder().setName(cluster)
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(RouteAction.newBuilder().setCluster(cluster)));
            clusters.put(cluster, Cluster.newBuilder().setName(cluster).setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS)).build());
            var ref = rule.backendRefs().getFirst();
            endpoints.put(cluster, endpoints(cluster, set, r.namespace(), ref.name(), ref.port()));
            i++;
          }
          rc.addVirtualHosts(vh);
        }
        routes.add(rc.build());
      }
      out.put(key, new XdsResources(listeners, routes, List.copyOf(clusters.values()),
          List.copyOf(endpoints.values()), List.of(), List.of(), List.of()));
    }
    return out;
  }

  private static boolean attached(HTTPRoute r, Gateway g) {
    return r.spec().parentRefs().stream().anyMatch(p -> p.name().equals(g.name())
        && Objects.requireNonNullElse(p.namespace(), r.namespace()).equals(g.namespace()));
  }

  private static io.envoyproxy.envoy.config.listener.v3.Listener listener(String name, int port) {
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix("http-" + port)
        .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(name))
        .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
            .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
    return io.envoyproxy.envoy.config.listener.v3.Listener.newBuilder().setName(name)
        .setAddress(Address.newBuilder().setSocketAddress(
            SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(10000 + port)))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm))))
        .build();
  }

  private static ClusterLoadAssignment endpoints(String cluster, ResourceSet set, String ns, String service,
      Integer port) {
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (EndpointSlice slice : set.endpointSlices()) {
      var labels = slice.metadata().labels();
      if (!slice.namespace().equals(ns) || labels == null
          || !service.equals(labels.get("kubernetes.io/service-name"))) {
        continue;
      }
      for (var e : slice.endpoints()) {
        for (String address : e.addresses()) {
          locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(
              io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder().setAddress(Address.newBuilder()
                  .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port)))));
        }
      }
    }
    return ClusterLoadAssignment.newBuilder().setClusterName(cluster).addEndpoints(locality).build();
  }
}

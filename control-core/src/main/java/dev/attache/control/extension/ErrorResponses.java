package dev.attache.control.extension;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Set;

/**
 * The 500 answers that stand in for resources whose extension hook failed, shaped as Envoy
 * Gateway v1.3 shapes them: a failed route keeps its name and match and answers 500; a failed
 * virtual host keeps one {@code error_route}; a failed listener's connection managers get an
 * inline {@code error_route_configuration}.
 */
final class ErrorResponses {
  static final String HCM_TYPE = "type.googleapis.com/"
      + HttpConnectionManager.getDescriptor().getFullName();
  private static final DirectResponseAction STATUS_500 = DirectResponseAction.newBuilder().setStatus(500).build();
  private static final Route ERROR_ROUTE = Route.newBuilder()
      .setName("error_route")
      .setMatch(RouteMatch.newBuilder().setPrefix("/"))
      .setDirectResponse(STATUS_500)
      .build();
  private static final RouteConfiguration ERROR_ROUTE_CONFIG = RouteConfiguration.newBuilder()
      .setName("error_route_configuration")
      .addVirtualHosts(VirtualHost.newBuilder().setName("error_vhost").addDomains("*").addRoutes(ERROR_ROUTE))
      .build();

  private ErrorResponses() {}

  static Route failedRoute(Route route) {
    return route.toBuilder().setDirectResponse(STATUS_500).build();
  }

  static VirtualHost failedVirtualHost(VirtualHost vh) {
    return vh.toBuilder().clearRoutes().addRoutes(ERROR_ROUTE).build();
  }

  /** Every connection manager of the listener answers 500 for every request. */
  static Listener failedListener(Listener listener) {
    Listener.Builder b = listener.toBuilder();
    if (b.hasDefaultFilterChain()) {
      b.setDefaultFilterChain(clearRoutes(b.getDefaultFilterChain()));
    }
    for (int i = 0; i < b.getFilterChainsCount(); i++) {
      b.setFilterChains(i, clearRoutes(b.getFilterChains(i)));
    }
    return b.build();
  }

  /** Routes whose cluster a failed hook removed answer 500 instead of naming a missing cluster. */
  static RouteConfiguration failedClusterRoutes(RouteConfiguration rc, Set<String> dropped) {
    RouteConfiguration.Builder b = rc.toBuilder();
    for (int v = 0; v < b.getVirtualHostsCount(); v++) {
      VirtualHost.Builder vh = b.getVirtualHostsBuilder(v);
      for (int r = 0; r < vh.getRoutesCount(); r++) {
        Route route = vh.getRoutes(r);
        if (route.hasRoute() && (dropped.contains(route.getRoute().getCluster())
            || route.getRoute().getWeightedClusters().getClustersList().stream()
                .anyMatch(w -> dropped.contains(w.getName())))) {
          vh.setRoutes(r, failedRoute(route));
        }
      }
    }
    return b.build();
  }

  private static FilterChain clearRoutes(FilterChain chain) {
    FilterChain.Builder b = chain.toBuilder();
    for (int i = 0; i < b.getFiltersCount(); i++) {
      Filter f = b.getFilters(i);
      if (f.hasTypedConfig() && HCM_TYPE.equals(f.getTypedConfig().getTypeUrl())) {
        try {
          HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class).toBuilder()
              .setRouteConfig(ERROR_ROUTE_CONFIG).build();
          b.setFilters(i, f.toBuilder().setTypedConfig(Any.pack(hcm)));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("listener holds a malformed connection manager", e);
        }
      }
    }
    return b.build();
  }
}

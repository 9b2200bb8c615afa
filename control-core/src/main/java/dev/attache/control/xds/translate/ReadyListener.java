package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/** The listener Envoy's readiness probe hits: the health-check filter answers on {@code /ready}. */
final class ReadyListener {
  static final String READINESS_PATH = "/ready";

  private ReadyListener() {}

  static void add(ResourceTable table, dev.attache.control.ir.ReadyListener ready) {
    HealthCheck healthCheck = HealthCheck.newBuilder().setPassThroughMode(BoolValue.of(false))
        .addHeaders(HeaderMatcher.newBuilder().setName(":path")
            .setStringMatch(StringMatcher.newBuilder().setExact(READINESS_PATH)))
        .build();
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix("eg-ready-http")
        .setRouteConfig(RouteConfiguration.newBuilder().setName("ready_route")
            .addVirtualHosts(VirtualHost.newBuilder().setName("ready_route").addDomains("*")
                .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    // The health-check filter answers first; this only shows a misconfiguration.
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(500)))))
        .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.health_check")
            .setTypedConfig(Any.pack(healthCheck)))
        .addHttpFilters(HttpFilter.newBuilder().setName(ConnectionManager.ROUTER)
            .setTypedConfig(Any.pack(Router.newBuilder().setSuppressEnvoyHeaders(true).build())))
        .build();
    boolean ipv4Compat = "IPv6".equals(ready.ipFamily()) || "DualStack".equals(ready.ipFamily());
    Listener.Builder listener = Listener.newBuilder()
        .setName("envoy-gateway-proxy-ready-" + ready.address() + "-" + ready.port())
        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
            .setAddress(ready.address()).setPortValue(ready.port()).setIpv4Compat(ipv4Compat)))
        .setBypassOverloadManager(true);
    ResourceTable.ListenerDraft draft = new ResourceTable.ListenerDraft(listener);
    draft.chains.add(new ResourceTable.ChainDraft(FilterChain.newBuilder()
        .addFilters(NetworkFilters.of(NetworkFilters.HTTP_CONNECTION_MANAGER, hcm)), null, 0));
    table.addListener(draft);
  }
}

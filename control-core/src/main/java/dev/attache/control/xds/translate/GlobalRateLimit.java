package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RateLimitRule;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.ratelimit.v3.RateLimitServiceConfig;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Global rate limiting: one {@code envoy.filters.http.ratelimit} filter per domain (the listener,
 * plus one per shared policy, named {@code envoy.filters.http.ratelimit/<domain>}), calling the
 * rate-limit service cluster; each route carries its actions as per-route config.
 */
final class GlobalRateLimit implements HttpFeature {
  static final String FILTER = "envoy.filters.http.ratelimit";
  static final String CLUSTER = "ratelimit_cluster";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().noneMatch(RouteRateLimits::hasGlobal)
        || hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    TreeSet<String> domains = new TreeSet<>();
    for (HttpRoute route : listener.routes()) {
      if (RouteRateLimits.hasGlobal(route)) {
        for (RateLimitRule rule : route.traffic().rateLimit().global().rules()) {
          if (RouteRateLimits.shared(rule)) {
            domains.add(RouteRateLimits.sharedDomain(rule.name()));
          }
        }
      }
    }
    domains.add(listener.name());
    boolean envoyHeaders = listener.headers() != null && listener.headers().enableEnvoyHeaders();
    boolean noHeaders = listener.headers() != null && listener.headers().disableRateLimitHeaders();
    for (String domain : domains) {
      var filter = io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit.newBuilder()
          .setDomain(domain)
          .setRateLimitService(RateLimitServiceConfig.newBuilder()
              .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(
                  GrpcService.EnvoyGrpc.newBuilder().setClusterName(CLUSTER)))
              .setTransportApiVersion(ApiVersion.V3))
          .setDisableXEnvoyRatelimitedHeader(!envoyHeaders)
          .setEnableXRatelimitHeaders(noHeaders
              ? io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit
                  .XRateLimitHeadersRFCVersion.OFF
              : io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit
                  .XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
          .build();
      hcm.addHttpFilters(HttpFilter.newBuilder()
          .setName(domain.equals(listener.name()) ? FILTER : FILTER + "/" + domain)
          .setTypedConfig(Any.pack(filter)));
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (!RouteRateLimits.hasGlobal(irRoute) || !route.hasRoute()) {
      return;
    }
    for (Map.Entry<String, List<RateLimit>> e
        : RouteRateLimits.byDomain(listener.name(), irRoute).entrySet()) {
      String name = e.getKey().equals(listener.name()) ? FILTER : FILTER + "/" + e.getKey();
      route.putTypedPerFilterConfig(name, Any.pack(RateLimitPerRoute.newBuilder()
          .setDomain(e.getKey()).addAllRateLimits(e.getValue()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    // The rate-limit service cluster is a global resource, added once per translation.
  }
}

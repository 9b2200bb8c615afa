package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt64Value;
import dev.attache.control.ir.BandwidthLimitConfig;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.bandwidth_limit.v3.BandwidthLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.function.Function;

/**
 * Bandwidth limits per route and direction. Envoy's filter limits one direction per instance,
 * so a listener gets two disabled instances ({@code …/request}, {@code …/response}) that routes
 * enable with their own limit.
 */
final class BandwidthLimits implements HttpFeature {
  static final String REQUEST_FILTER = "envoy.filters.http.bandwidth_limit/request";
  static final String RESPONSE_FILTER = "envoy.filters.http.bandwidth_limit/response";
  private static final String STAT_PREFIX = "http_bandwidth_limiter";

  private static BandwidthLimitConfig direction(HttpRoute r,
      Function<dev.attache.control.ir.BandwidthLimit, BandwidthLimitConfig> which) {
    return r.traffic() == null || r.traffic().bandwidthLimit() == null ? null
        : which.apply(r.traffic().bandwidthLimit());
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    addDisabled(hcm, listener, REQUEST_FILTER, dev.attache.control.ir.BandwidthLimit::request);
    addDisabled(hcm, listener, RESPONSE_FILTER, dev.attache.control.ir.BandwidthLimit::response);
  }

  private static void addDisabled(HttpConnectionManager.Builder hcm, HttpListener listener,
      String name, Function<dev.attache.control.ir.BandwidthLimit, BandwidthLimitConfig> which) {
    if (listener.routes().stream().anyMatch(r -> direction(r, which) != null)
        && hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(name))) {
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(name).setDisabled(true)
          .setTypedConfig(Any.pack(BandwidthLimit.newBuilder().setStatPrefix(STAT_PREFIX)
              .setEnableMode(BandwidthLimit.EnableMode.DISABLED).build())));
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    BandwidthLimitConfig request = direction(irRoute, dev.attache.control.ir.BandwidthLimit::request);
    if (request != null) {
      route.putTypedPerFilterConfig(REQUEST_FILTER, Any.pack(limit(request,
          BandwidthLimit.EnableMode.REQUEST).build()));
    }
    BandwidthLimitConfig response =
        direction(irRoute, dev.attache.control.ir.BandwidthLimit::response);
    if (response != null) {
      BandwidthLimit.Builder config = limit(response, BandwidthLimit.EnableMode.RESPONSE);
      if (response.responseTrailers() != null) {
        config.setEnableResponseTrailers(true);
        if (response.responseTrailers().prefix() != null) {
          config.setResponseTrailerPrefix(response.responseTrailers().prefix());
        }
      }
      route.putTypedPerFilterConfig(RESPONSE_FILTER, Any.pack(config.build()));
    }
  }

  private static BandwidthLimit.Builder limit(BandwidthLimitConfig c,
      BandwidthLimit.EnableMode mode) {
    return BandwidthLimit.newBuilder().setStatPrefix(STAT_PREFIX).setEnableMode(mode)
        .setLimitKbps(UInt64Value.of(c.limitKibps() == null ? 0 : c.limitKibps()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/** Envoy answering health checks on a path of the listener itself (the health-check filter). */
final class ListenerHealthCheck implements HttpFeature {
  static final String FILTER = "envoy.filters.http.health_check";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.healthCheck() == null
        || hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(Any.pack(
        HealthCheck.newBuilder().setPassThroughMode(BoolValue.of(false))
            .addHeaders(HeaderMatcher.newBuilder().setName(":path").setStringMatch(
                StringMatcher.newBuilder().setExact(listener.healthCheck().path())))
            .build())));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {}

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

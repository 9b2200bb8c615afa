package dev.attache.control.xds.translate;

import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;

/**
 * One HTTP feature of the translator (rate limiting, …): the HTTP filter it adds to a listener's
 * connection manager, the per-route config it puts on routes, and the resources (clusters,
 * secrets) it needs. Features are listed, in order, in {@link HttpFeatures}.
 */
interface HttpFeature {
  /** Adds this feature's HTTP filter when some route of {@code listener} uses it. */
  void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context);

  /** Adds this feature's per-route configuration. */
  void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener, Context context);

  /** Adds the clusters and secrets this feature's filters talk to. */
  void patchResources(ResourceTable table, List<HttpRoute> routes, Context context);

  /** What features may read besides the IR. */
  record Context(TranslatorSettings settings, java.util.Set<String> backendClusters,
      dev.attache.control.ir.HealthCheckLog healthCheckLog, java.util.Set<String> http3Ports,
      dev.attache.control.ir.AccessLog accessLog, dev.attache.control.ir.Tracing tracing,
      List<dev.attache.control.resource.envoygateway.FilterPosition> filterOrder) {

    /** Whether some HTTP listener on this address and port also serves HTTP/3. */
    boolean http3(dev.attache.control.ir.HttpListener l) {
      return http3Ports.contains(l.address() + ":" + l.port());
    }
  }
}

package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/** Fault injection: delays and aborts for a share of a route's requests. */
final class FaultInjection implements HttpFeature {
  static final String FILTER = "envoy.filters.http.fault";

  private static dev.attache.control.ir.FaultInjection fault(HttpRoute r) {
    return r.traffic() == null ? null : r.traffic().faultInjection();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().anyMatch(r -> fault(r) != null)
        && hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(FILTER))) {
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER)
          .setTypedConfig(Any.pack(HTTPFault.getDefaultInstance())));
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    var f = fault(irRoute);
    if (f == null) {
      return;
    }
    HTTPFault.Builder config = HTTPFault.newBuilder();
    if (f.delay() != null) {
      FaultDelay.Builder delay = FaultDelay.newBuilder();
      if (f.delay().percentage() != null) {
        delay.setPercentage(Percentages.fromFloat(f.delay().percentage().floatValue()));
      }
      if (f.delay().fixedDelay() != null) {
        delay.setFixedDelay(f.delay().fixedDelay().toProto());
      }
      config.setDelay(delay);
    }
    if (f.abort() != null) {
      FaultAbort.Builder abort = FaultAbort.newBuilder();
      if (f.abort().percentage() != null) {
        abort.setPercentage(Percentages.fromFloat(f.abort().percentage().floatValue()));
      }
      if (f.abort().httpStatus() != null) {
        abort.setHttpStatus(f.abort().httpStatus());
      }
      if (f.abort().grpcStatus() != null) {
        abort.setGrpcStatus(f.abort().grpcStatus());
      }
      config.setAbort(abort);
    }
    if (config.hasDelay() || config.hasAbort()) {
      route.putTypedPerFilterConfig(FILTER, Any.pack(config.build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

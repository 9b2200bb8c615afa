package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RequestBuffer;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/**
 * Request buffering: one disabled buffer filter on the listener (with the first route's limit),
 * and each buffering route's own limit in its per-route config.
 */
final class RequestBuffers implements HttpFeature {
  static final String FILTER = "envoy.filters.http.buffer";

  private static RequestBuffer buffer(HttpRoute r) {
    return r.traffic() == null ? null : r.traffic().requestBuffer();
  }

  private static Buffer config(RequestBuffer b) {
    Long bytes = b.limit().asLong();
    if (bytes == null) {
      throw new IllegalArgumentException("invalid Limit value " + b.limit());
    }
    if (bytes < 0 || bytes > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("limit value " + b.limit()
          + " is out of range, must be between 0 and 4294967295");
    }
    return Buffer.newBuilder().setMaxRequestBytes(ProtoValues.uint32(bytes)).build();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    listener.routes().stream().map(RequestBuffers::buffer).filter(b -> b != null).findFirst()
        .ifPresent(b -> hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER)
            .setDisabled(true).setTypedConfig(Any.pack(config(b)))));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    RequestBuffer b = buffer(irRoute);
    if (b != null) {
      route.putTypedPerFilterConfig(FILTER,
          Any.pack(BufferPerRoute.newBuilder().setBuffer(config(b)).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

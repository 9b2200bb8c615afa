package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.HeaderSettings;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.header_mutation.v3.HeaderMutation;
import io.envoyproxy.envoy.extensions.filters.http.header_mutation.v3.Mutations;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/** Response headers a listener adds or removes after routing (the header-mutation filter). */
final class LateHeaderMutation implements HttpFeature {
  static final String FILTER = "envoy.filters.http.header_mutation";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    HeaderSettings h = listener.headers();
    if (h == null || (h.lateAddResponseHeaders().isEmpty()
        && h.lateRemoveResponseHeaders().isEmpty() && h.lateRemoveResponseHeadersOnMatch().isEmpty())
        || hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    HeaderMutation mutation = HeaderMutation.newBuilder().setMutations(Mutations.newBuilder()
        .addAllResponseMutations(HeaderMutations.rules(h.lateAddResponseHeaders(),
            h.lateRemoveResponseHeaders(), h.lateRemoveResponseHeadersOnMatch()))).build();
    hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(Any.pack(mutation)));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {}

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

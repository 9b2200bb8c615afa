package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import dev.attache.control.ir.DynamicModule;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.core.v3.AsyncDataSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.core.v3.RemoteDataSource;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.dynamic_modules.v3.DynamicModuleConfig;
import io.envoyproxy.envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/**
 * EnvoyExtensionPolicy dynamic modules: one filter per module
 * ({@code envoy.filters.http.dynamic_modules/<name>}, ordered by the index ending its name), off
 * by default, on for its routes; a module is a local file or fetched by URL (with a cluster for
 * that URL).
 */
final class DynamicModules implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.dynamic_modules/";

  private static List<DynamicModule> modules(HttpRoute r) {
    return r.envoyExtensions() == null ? List.of() : r.envoyExtensions().dynamicModules();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (DynamicModule dm : modules(route)) {
        if (hcm.getHttpFiltersList().stream()
            .noneMatch(f -> f.getName().equals(PREFIX + dm.name()))) {
          hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + dm.name())
              .setDisabled(true).setTypedConfig(Any.pack(config(dm))));
        }
      }
    }
  }

  private static DynamicModuleFilter config(DynamicModule dm) {
    DynamicModuleConfig.Builder module = DynamicModuleConfig.newBuilder()
        .setDoNotClose(dm.doNotClose());
    if (dm.loadGlobally()) {
      NewerEnvoyFields.setVarint(module, "load_globally", 1);
    }
    NewerEnvoyFields.setMessage(module, "module", source(dm));
    DynamicModuleFilter.Builder filter = DynamicModuleFilter.newBuilder()
        .setDynamicModuleConfig(module).setFilterName(dm.filterName());
    if (dm.terminalFilter()) {
      NewerEnvoyFields.setVarint(filter, "terminal_filter", 1);
    }
    if (dm.config() != null && !dm.config().isNull() && !dm.config().isMissingNode()) {
      filter.setFilterConfig(Any.pack(StringValue.of(GoJson.compact(dm.config()))));
    }
    return filter.build();
  }

  private static AsyncDataSource source(DynamicModule dm) {
    if (dm.remote() != null) {
      return AsyncDataSource.newBuilder().setRemote(RemoteDataSource.newBuilder()
          .setHttpUri(HttpUri.newBuilder().setUri(dm.remote().url())
              .setCluster(UrlClusters.of(dm.remote().url()).name())
              .setTimeout(Duration.newBuilder().setSeconds(10)))
          .setSha256(dm.remote().sha256())).build();
    }
    return AsyncDataSource.newBuilder()
        .setLocal(DataSource.newBuilder().setFilename(dm.path())).build();
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    for (DynamicModule dm : modules(irRoute)) {
      route.putTypedPerFilterConfig(PREFIX + dm.name(),
          Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    for (HttpRoute r : routes) {
      for (DynamicModule dm : modules(r)) {
        if (dm.remote() != null) {
          UrlClusters.add(table, dm.remote().url(), null, context.settings());
        }
      }
    }
  }
}

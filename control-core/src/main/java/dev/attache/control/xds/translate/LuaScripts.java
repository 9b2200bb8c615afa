package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Lua;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/**
 * EnvoyExtensionPolicy Lua scripts: one Lua filter per script ({@code envoy.filters.http.lua/<name>},
 * ordered by the index ending its name), off by default, on for the routes that use it.
 */
final class LuaScripts implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.lua/";

  private static List<Lua> luas(HttpRoute r) {
    return r.envoyExtensions() == null ? List.of() : r.envoyExtensions().luas();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (Lua lua : luas(route)) {
        if (hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(PREFIX + lua.name()))) {
          continue;
        }
        if (lua.code() == null || lua.code().isEmpty()) {
          throw new IllegalArgumentException("lua " + lua.name() + ": no code");
        }
        hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + lua.name()).setDisabled(true)
            .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua
                .newBuilder().setDefaultSourceCode(DataSource.newBuilder()
                    .setInlineString(lua.code())).build())));
      }
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    for (Lua lua : luas(irRoute)) {
      Any config;
      if (lua.filterContext() == null || lua.filterContext().isNull()) {
        config = Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build());
      } else {
        Struct.Builder context0 = Struct.newBuilder();
        try {
          JsonFormat.parser().merge(lua.filterContext().toString(), context0);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException("lua " + lua.name() + ": filterContext: "
              + e.getMessage(), e);
        }
        LuaPerRoute.Builder perRoute = LuaPerRoute.newBuilder();
        NewerEnvoyFields.setMessage(perRoute, "filter_context", context0.build());
        config = Any.pack(perRoute.build());
      }
      route.putTypedPerFilterConfig(PREFIX + lua.name(), config);
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.HttpWasmCode;
import dev.attache.control.ir.Wasm;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.filter.PluginConfigJson;
import dev.attache.wasm.filter.WasmExtension;
import dev.attache.wasm.filter.WasmFilterConfig;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.net.URI;
import java.util.List;

/**
 * EnvoyExtensionPolicy Wasm extensions: one Wasm filter per extension
 * ({@code envoy.filters.http.wasm/<name>}, ordered by the index ending its name), off by
 * default, on for its routes. The filter config itself is wasm-env's {@link WasmFilterConfig}
 * (the module fetched from the control plane's Wasm cache over {@value #CLUSTER}, see
 * {@link ServiceClusters}, in its own VM); this class only reads the IR into it.
 */
final class WasmExtensions implements HttpFeature {
  static final String CLUSTER = WasmFilterConfig.WASM_CLUSTER;
  static final String SERVICE_HOST = "envoy-gateway";
  static final int SERVICE_PORT = 18002;

  static List<Wasm> wasms(HttpRoute r) {
    return r.envoyExtensions() == null ? List.of() : r.envoyExtensions().wasms();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (Wasm wasm : wasms(route)) {
        String name = WasmFilterConfig.filterName(wasm.name());
        if (hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(name))) {
          hcm.addHttpFilters(WasmFilterConfig.httpFilter(wasm.name(), extension(wasm), code(wasm)));
        }
      }
    }
  }

  private static WasmExtension extension(Wasm wasm) {
    // a null config is Go's empty apiextensions JSON: no text at all
    JsonNode config = wasm.config() == null || wasm.config().isNull() ? null : wasm.config();
    return new WasmExtension(wasm.wasmName(), wasm.rootID(), PluginConfigJson.of(config),
        wasm.failOpen(), wasm.hostKeys());
  }

  private static dev.attache.wasm.HttpWasmCode code(Wasm wasm) {
    HttpWasmCode code = wasm.httpWasmCode();
    if (code == null) {
      throw new IllegalArgumentException("wasm " + wasm.name() + ": httpWasmCode: missing");
    }
    try {
      return new dev.attache.wasm.HttpWasmCode(URI.create(code.servingURL()),
          code.originalDownloadingURL(), Sha256.parse(code.sha256()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("wasm " + wasm.name() + ": httpWasmCode: " + e.getMessage(), e);
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    for (Wasm wasm : wasms(irRoute)) {
      route.putTypedPerFilterConfig(WasmFilterConfig.filterName(wasm.name()),
          Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

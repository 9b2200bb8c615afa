package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Wasm;
import io.envoyproxy.envoy.config.core.v3.AsyncDataSource;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.core.v3.RemoteDataSource;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.wasm.v3.EnvironmentVariables;
import io.envoyproxy.envoy.extensions.wasm.v3.PluginConfig;
import io.envoyproxy.envoy.extensions.wasm.v3.VmConfig;
import java.util.List;

/**
 * EnvoyExtensionPolicy Wasm extensions: one Wasm filter per extension
 * ({@code envoy.filters.http.wasm/<name>}, ordered by the index ending its name), off by
 * default, on for its routes. The module is fetched from the control plane's Wasm cache over
 * {@value #CLUSTER} (see {@link ServiceClusters}), in its own VM.
 */
final class WasmExtensions implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.wasm/";
  static final String CLUSTER = "wasm_cluster";
  static final String SERVICE_HOST = "envoy-gateway";
  static final int SERVICE_PORT = 18002;

  static List<Wasm> wasms(HttpRoute r) {
    return r.envoyExtensions() == null ? List.of() : r.envoyExtensions().wasms();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (Wasm wasm : wasms(route)) {
        if (hcm.getHttpFiltersList().stream()
            .noneMatch(f -> f.getName().equals(PREFIX + wasm.name()))) {
          hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + wasm.name())
              .setDisabled(true).setTypedConfig(Any.pack(config(wasm))));
        }
      }
    }
  }

  private static io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm config(Wasm wasm) {
    var code = wasm.httpWasmCode();
    VmConfig.Builder vm = VmConfig.newBuilder().setVmId(wasm.name())
        .setRuntime("envoy.wasm.runtime.v8")
        .setCode(AsyncDataSource.newBuilder().setRemote(RemoteDataSource.newBuilder()
            .setHttpUri(HttpUri.newBuilder().setUri(code == null ? "" : code.servingURL())
                .setCluster(CLUSTER).setTimeout(Duration.newBuilder().setSeconds(10)))
            .setSha256(code == null ? "" : code.sha256())
            .setRetryPolicy(RetryPolicy.newBuilder().setNumRetries(UInt32Value.of(10))
                .setRetryBackOff(BackoffStrategy.newBuilder()
                    .setBaseInterval(Duration.newBuilder().setSeconds(1))
                    .setMaxInterval(Duration.newBuilder().setSeconds(30))))));
    if (wasm.hostKeys() != null) {
      vm.setEnvironmentVariables(EnvironmentVariables.newBuilder()
          .addAllHostEnvKeys(wasm.hostKeys()));
    }
    PluginConfig.Builder plugin = PluginConfig.newBuilder().setName(wasm.wasmName())
        .setVmConfig(vm)
        .setConfiguration(Any.pack(StringValue.of(GoJson.compact(wasm.config()))))
        .setFailOpen(wasm.failOpen());
    if (wasm.rootID() != null) {
      plugin.setRootId(wasm.rootID());
    }
    return io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm.newBuilder()
        .setConfig(plugin).build();
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    for (Wasm wasm : wasms(irRoute)) {
      route.putTypedPerFilterConfig(PREFIX + wasm.name(),
          Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}

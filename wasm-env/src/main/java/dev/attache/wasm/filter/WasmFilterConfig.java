package dev.attache.wasm.filter;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import com.google.protobuf.UInt32Value;
import dev.attache.wasm.HttpWasmCode;
import io.envoyproxy.envoy.config.core.v3.AsyncDataSource;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.core.v3.RemoteDataSource;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.wasm.v3.EnvironmentVariables;
import io.envoyproxy.envoy.extensions.wasm.v3.PluginConfig;
import io.envoyproxy.envoy.extensions.wasm.v3.VmConfig;

/**
 * Builds the {@code envoy.filters.http.wasm} config of one Wasm extension exactly as Envoy
 * Gateway's xDS translator does ({@code internal/xds/translator/wasm.go}): one V8 VM per
 * extension ({@code vm_id} is the IR name), code fetched remotely from the module server through
 * {@code wasm_cluster} and checked against the module's sha256, the plugin config passed as a
 * JSON string, and only the listed host environment variables exposed to the VM.
 */
public final class WasmFilterConfig {
  /** The filter's type; per-extension filter names are {@code envoy.filters.http.wasm/<IR name>}. */
  public static final String FILTER = "envoy.filters.http.wasm";
  public static final String RUNTIME_V8 = "envoy.wasm.runtime.v8";
  /** The bootstrap cluster that reaches the module server. */
  public static final String WASM_CLUSTER = "wasm_cluster";
  /** Envoy Gateway's defaultExtServiceRequestTimeout. */
  static final Duration FETCH_TIMEOUT = Duration.newBuilder().setSeconds(10).build();
  // Envoy's own remote-code retry (one retry after ~1 s) gives up too soon; Envoy Gateway retries
  // ten times with a jittered backoff from 1 s to 30 s.
  static final int FETCH_RETRIES = 10;
  static final Duration RETRY_BASE = Duration.newBuilder().setSeconds(1).build();
  static final Duration RETRY_MAX = Duration.newBuilder().setSeconds(30).build();

  private WasmFilterConfig() {}

  /** Envoy Gateway's IR name of {@code spec.wasm[index]}: {@code envoyextensionpolicy/<ns>/<name>/wasm/<index>}. */
  public static String irName(String policyNamespace, String policyName, int index) {
    requireNonNull(policyNamespace, "policyNamespace");
    requireNonNull(policyName, "policyName");
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
    }
    return "envoyextensionpolicy/" + policyNamespace + "/" + policyName + "/wasm/" + index;
  }

  /** The HTTP filter name for an extension: {@code envoy.filters.http.wasm/<IR name>}. */
  public static String filterName(String irName) {
    return FILTER + "/" + requireNonNull(irName, "irName");
  }

  /**
   * The filter config.
   *
   * @param irName the extension's IR name ({@link #irName}); also the VM id
   * @param extension the policy's Wasm entry
   * @param code where the module server serves the module and its digest
   */
  // Envoy deprecated fail_open for failure_policy, but Envoy Gateway still sets fail_open and its
  // goldens expect it; Envoy maps one onto the other.
  @SuppressWarnings("deprecation")
  public static Wasm build(String irName, WasmExtension extension, HttpWasmCode code) {
    requireNonNull(irName, "irName");
    requireNonNull(extension, "extension");
    requireNonNull(code, "code");
    VmConfig.Builder vm = VmConfig.newBuilder()
        .setVmId(irName) // VMs are never shared between filters
        .setRuntime(RUNTIME_V8)
        .setCode(AsyncDataSource.newBuilder().setRemote(RemoteDataSource.newBuilder()
            .setHttpUri(HttpUri.newBuilder()
                .setUri(code.servingUrl().toString())
                .setCluster(WASM_CLUSTER)
                .setTimeout(FETCH_TIMEOUT))
            .setSha256(code.sha256().hex())
            .setRetryPolicy(RetryPolicy.newBuilder()
                .setNumRetries(UInt32Value.of(FETCH_RETRIES))
                .setRetryBackOff(BackoffStrategy.newBuilder()
                    .setBaseInterval(RETRY_BASE)
                    .setMaxInterval(RETRY_MAX)))));
    if (extension.hostKeys() != null) {
      vm.setEnvironmentVariables(EnvironmentVariables.newBuilder().addAllHostEnvKeys(extension.hostKeys()));
    }
    PluginConfig.Builder plugin = PluginConfig.newBuilder()
        .setName(extension.name() != null ? extension.name() : irName)
        .setVmConfig(vm)
        .setConfiguration(Any.pack(StringValue.of(extension.configJson() == null ? "" : extension.configJson())))
        .setFailOpen(extension.failOpen());
    if (extension.rootId() != null) {
      plugin.setRootId(extension.rootId());
    }
    return Wasm.newBuilder().setConfig(plugin).build();
  }

  /**
   * The HCM filter: disabled, as Envoy Gateway adds every extension once per listener and enables
   * it only on the routes whose policies name it.
   */
  public static HttpFilter httpFilter(String irName, WasmExtension extension, HttpWasmCode code) {
    return HttpFilter.newBuilder()
        .setName(filterName(irName))
        .setDisabled(true)
        .setTypedConfig(Any.pack(build(irName, extension, code)))
        .build();
  }
}

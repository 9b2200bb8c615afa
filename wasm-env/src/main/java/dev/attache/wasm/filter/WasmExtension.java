package dev.attache.wasm.filter;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code EnvoyExtensionPolicy.spec.wasm[]} entry (Envoy Gateway's {@code Wasm} type), as far
 * as the filter config needs it. The code source itself is resolved by the cache into an
 * {@link dev.attache.wasm.HttpWasmCode}.
 *
 * @param name {@code name}, or null to use the generated IR name
 * @param rootId {@code rootID}, or null
 * @param configJson {@code config} as JSON text (see {@link PluginConfigJson}), or null
 * @param failOpen {@code failOpen}, default false
 * @param hostKeys {@code env.hostKeys}: the only host environment variables the VM may read; null
 *     for no environment section at all (an empty list still sends an empty one, as Envoy Gateway
 *     does for a non-nil list)
 */
public record WasmExtension(String name, String rootId, String configJson, boolean failOpen, List<String> hostKeys) {
  public WasmExtension {
    if (hostKeys != null) {
      for (String k : hostKeys) {
        requireNonNull(k, "hostKeys[]");
      }
      hostKeys = List.copyOf(hostKeys);
    }
  }
}

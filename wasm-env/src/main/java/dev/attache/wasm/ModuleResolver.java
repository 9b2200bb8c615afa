package dev.attache.wasm;

import dev.attache.wasm.cache.ModuleRequest;

/**
 * What the translator asks for each Wasm extension of each gateway (Envoy Gateway's
 * {@code WasmCache.Get}): a served module or a reason why not.
 */
public interface ModuleResolver {

  /**
   * Resolves {@code request} for {@code gateway} (e.g. {@code namespace/name}), whose Envoy will
   * download the module.
   */
  CodeResolution resolve(String gateway, ModuleRequest request);
}

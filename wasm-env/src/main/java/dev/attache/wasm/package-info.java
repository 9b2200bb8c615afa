/**
 * EnvoyExtensionPolicy Wasm for Attaché: {@link dev.attache.wasm.WasmModules} fetches, verifies,
 * caches and serves the modules Envoy downloads; {@link dev.attache.wasm.filter.WasmFilterConfig}
 * writes the {@code envoy.filters.http.wasm} config that points Envoy at them.
 */
package dev.attache.wasm;

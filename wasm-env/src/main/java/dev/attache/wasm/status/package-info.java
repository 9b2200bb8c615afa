/** EnvoyExtensionPolicy status conditions for Wasm problems, in Envoy Gateway's words. */
package dev.attache.wasm.status;

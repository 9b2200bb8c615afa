/** The Envoy {@code envoy.filters.http.wasm} configuration of a policy's Wasm extensions. */
package dev.attache.wasm.filter;

/** SHA-256 digests in Envoy Gateway's spelling. */
package dev.attache.wasm.digest;

/** The HTTP server Envoy downloads modules from, and the unguessable paths it publishes them at. */
package dev.attache.wasm.serve;

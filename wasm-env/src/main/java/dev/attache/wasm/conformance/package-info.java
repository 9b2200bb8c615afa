/** Stand-ins that let Envoy Gateway's golden corpus run against Attaché's translator. */
package dev.attache.wasm.conformance;

/**
 * Pulling Wasm modules from OCI registries through the distribution (registry v2) API: image
 * references, manifests and layers in the layouts Envoy Gateway accepts, Basic and Bearer token
 * authentication, and dockerconfigjson pull secrets.
 */
package dev.attache.wasm.oci;

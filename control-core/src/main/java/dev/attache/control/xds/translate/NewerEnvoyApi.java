package dev.attache.control.xds.translate;

/**
 * Thrown where the IR asks for an Envoy field newer than the Envoy API (v1.34, from
 * {@code io.envoyproxy.controlplane:api}) this build compiles against; the resource is left out
 * and the translation reports it, rather than emitting something that means less.
 */
final class NewerEnvoyApi extends RuntimeException {
  NewerEnvoyApi(String field) {
    super(field + " needs an Envoy API newer than v1.34 (not in this build)");
  }
}

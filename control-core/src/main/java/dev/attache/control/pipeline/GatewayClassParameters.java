package dev.attache.control.pipeline;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.GatewayClassStatus;
import dev.attache.control.resource.gatewayapi.ParametersReference;

/**
 * The provider's part of a GatewayClass, as Envoy Gateway's Kubernetes provider does it before
 * translation ({@code processGatewayClassParamsRef}): the EnvoyProxy its {@code parametersRef}
 * names becomes the class's proxy configuration, and, when the caller judges classes, the class is
 * {@code Accepted}, or not, with reason {@code InvalidParameters} when the reference is wrong.
 * Gateways are translated either way.
 */
final class GatewayClassParameters {
  static final String ENVOY_PROXY_GROUP = "gateway.envoyproxy.io";
  static final String MSG_VALID = "Valid GatewayClass";
  static final String MSG_INVALID_PARAMS = "Invalid parametersRef";

  private GatewayClassParameters() {}

  /**
   * {@code resources} with {@code gc}'s EnvoyProxy set, and its status when {@code judge}, for
   * translating that class.
   */
  static ResourceSet apply(ResourceSet resources, GatewayClass gc, boolean judge) {
    ParametersReference ref = gc.spec() == null ? null : gc.spec().parametersRef();
    EnvoyProxy proxy = null;
    String error = null;
    if (ref != null) {
      if (!ENVOY_PROXY_GROUP.equals(ref.group()) || !"EnvoyProxy".equals(ref.kind()) || ref.name() == null
          || ref.name().isEmpty()) {
        error = "unsupported parametersRef(invalid group or kind) for gatewayclass " + gc.name();
      } else {
        String ns = ref.namespace() == null ? "default" : ref.namespace();
        proxy = resources.envoyProxies().stream()
            .filter(p -> ns.equals(p.namespace()) && ref.name().equals(p.name()))
            .findFirst().orElse(null);
        if (proxy == null) {
          error = "failed to find envoyproxy " + ns + "/" + ref.name() + " for GatewayClass " + gc.name()
              + ": envoyproxies.gateway.envoyproxy.io \"" + ref.name() + "\" not found";
        }
      }
    }
    if (!judge) {
      return resources.toBuilder().envoyProxyForGatewayClass(proxy).build();
    }
    long generation = gc.metadata() == null || gc.metadata().generation() == null ? 0 : gc.metadata().generation();
    Conditions conditions = new Conditions(gc.status() == null ? null : gc.status().conditions());
    if (error == null) {
      conditions.set("Accepted", true, "Accepted", MSG_VALID, generation);
    } else {
      conditions.set("Accepted", false, "InvalidParameters", MSG_INVALID_PARAMS + ": " + error, generation);
    }
    GatewayClass judged = new GatewayClass(gc.apiVersion(), gc.kind(), gc.metadata(), gc.spec(),
        new GatewayClassStatus(conditions.toList(), gc.status() == null ? null : gc.status().supportedFeatures()));

    return resources.toBuilder().replaceGatewayClass(judged).envoyProxyForGatewayClass(proxy).build();
  }
}

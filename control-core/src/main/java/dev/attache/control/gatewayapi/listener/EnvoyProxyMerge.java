package dev.attache.control.gatewayapi.listener;

import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.EnvoyProxySpec;

/**
 * Merges the EnvoyProxy configurations that apply to a Gateway (its own, its GatewayClass's, the
 * EnvoyGateway default), the more specific over the less, as Envoy Gateway's
 * {@code MergeEnvoyProxyConfigs}. The {@code mergeType} of the more specific one decides:
 * absent or {@code Replace} takes it whole; {@code JSONMerge} and {@code StrategicMerge} merge
 * its fields over the base's.
 */
final class EnvoyProxyMerge {
  private EnvoyProxyMerge() {}

  static EnvoyProxy merge(EnvoyProxySpec defaultSpec, EnvoyProxy classProxy, EnvoyProxy gatewayProxy) {
    EnvoyProxy defaults = defaultSpec == null ? null : new EnvoyProxy(null, null, null, defaultSpec, null);
    EnvoyProxy gatewayMerged = merge(classProxy, gatewayProxy, mergeType(gatewayProxy));
    return merge(defaults, gatewayMerged, mergeType(classProxy, gatewayProxy));
  }

  private static String mergeType(EnvoyProxy... proxies) {
    for (EnvoyProxy p : proxies) {
      if (p != null && p.spec() != null && p.spec().mergeType() != null) {
        return p.spec().mergeType();
      }
    }
    return "Replace";
  }

  private static EnvoyProxy merge(EnvoyProxy base, EnvoyProxy override, String mergeType) {
    if (override == null) {
      return base;
    }
    if (base == null || mergeType.equals("Replace")) {
      return override;
    }
    return JsonMerge.mergeEnvoyProxy(base, override, mergeType.equals("StrategicMerge"));
  }
}

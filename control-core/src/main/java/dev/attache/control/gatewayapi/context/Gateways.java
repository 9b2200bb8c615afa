package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway stage returns: the Gateways of the translator's GatewayClass, accepted (their
 * listeners are translated next) and rejected (kept for their status and infrastructure), the IR
 * started for each, and the statuses the stage gave the GatewayClass and the EnvoyProxies it
 * checked. Gateway and listener statuses keep growing as later stages attach routes.
 *
 * @param gatewayClass the GatewayClass with its status, or null when the input has none
 * @param envoyProxyStatuses each EnvoyProxy the stage checked (by identity), with its status
 */
public record Gateways(List<GatewayContext> accepted, List<GatewayContext> failed, IrDrafts ir,
    GatewayClass gatewayClass, Map<EnvoyProxy, EnvoyProxy> envoyProxyStatuses) {

  public Gateways {
    accepted = List.copyOf(accepted);
    failed = List.copyOf(failed);
    envoyProxyStatuses = Collections.unmodifiableMap(new IdentityHashMap<>(envoyProxyStatuses));
  }

  /** The EnvoyProxy as it is to be printed: with the status this translation gave it, if any. */
  public EnvoyProxy withStatus(EnvoyProxy proxy) {
    if (proxy == null) {
      return null;
    }
    return envoyProxyStatuses.getOrDefault(proxy, proxy);
  }
}

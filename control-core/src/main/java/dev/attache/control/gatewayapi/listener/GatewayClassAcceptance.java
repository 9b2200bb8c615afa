package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.Map;

/**
 * The GatewayClass's {@code Accepted} condition as far as the translator decides it: from the
 * validity of the EnvoyProxy its {@code parametersRef} names.
 */
final class GatewayClassAcceptance {
  static final String MSG_VALID = "Valid GatewayClass";
  static final String MSG_INVALID_PARAMS = "Invalid parametersRef";

  private GatewayClassAcceptance() {}

  /**
   * Sets the class's Accepted condition and the proxy's status; whether the proxy is valid.
   *
   * @param gatewayClass the class (null when the input has none), whose {@code conditions} are set
   */
  static boolean acceptEnvoyProxy(GatewayClass gatewayClass, Conditions conditions, EnvoyProxyState proxyState,
      EnvoyProxy proxy, Map<String, String> invalidProxies) {
    ParentReference ancestor = gatewayClass == null ? null
        : new ParentReference(GatewaySelection.GATEWAY_GROUP, "GatewayClass", null, gatewayClass.name(), null, null);
    long generation = gatewayClass == null || gatewayClass.metadata() == null
        || gatewayClass.metadata().generation() == null ? 0 : gatewayClass.metadata().generation();
    String error = EnvoyProxyValidation.validate(proxy);
    if (error != null) {
      invalidProxies.put(proxy.namespace() + "/" + proxy.name(), error);
      if (gatewayClass != null) {
        conditions.set("Accepted", false, "InvalidParameters", MSG_INVALID_PARAMS + ": " + error, generation);
      }
      if (ancestor != null) {
        proxyState.set(ancestor, "Accepted", false, "InvalidParameters", error);
      }
      return false;
    }
    if (gatewayClass != null) {
      conditions.set("Accepted", true, "Accepted", MSG_VALID, generation);
    }
    invalidProxies.remove(proxy.namespace() + "/" + proxy.name());
    if (ancestor != null) {
      proxyState.accepted(ancestor);
    }
    return true;
  }
}

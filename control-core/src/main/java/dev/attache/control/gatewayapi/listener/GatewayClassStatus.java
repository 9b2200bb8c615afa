package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.Map;

/**
 * The GatewayClass's {@code Accepted} condition as far as the translator decides it: from the
 * validity of the EnvoyProxy its {@code parametersRef} names.
 */
final class GatewayClassStatus {
  static final String MSG_VALID = "Valid GatewayClass";
  static final String MSG_INVALID_PARAMS = "Invalid parametersRef";

  private GatewayClassStatus() {}

  /** Sets the class's Accepted condition and the proxy's status; whether the proxy is valid. */
  static boolean acceptEnvoyProxy(TranslationContext ctx, EnvoyProxy proxy, Map<String, String> invalidProxies) {
    ParentReference ancestor = ctx.gatewayClass == null ? null
        : new ParentReference(GatewaySelection.GATEWAY_GROUP, "GatewayClass", null, ctx.gatewayClass.name(), null, null);
    long generation = ctx.gatewayClass == null || ctx.gatewayClass.metadata() == null
        || ctx.gatewayClass.metadata().generation() == null ? 0 : ctx.gatewayClass.metadata().generation();
    String error = EnvoyProxyValidation.validate(proxy);
    if (error != null) {
      invalidProxies.put(proxy.namespace() + "/" + proxy.name(), error);
      if (ctx.gatewayClass != null) {
        ctx.gatewayClassConditions.set("Accepted", false, "InvalidParameters", MSG_INVALID_PARAMS + ": " + error,
            generation);
      }
      if (ancestor != null) {
        ctx.envoyProxyState(proxy).set(ancestor, "Accepted", false, "InvalidParameters", error);
      }
      return false;
    }
    if (ctx.gatewayClass != null) {
      ctx.gatewayClassConditions.set("Accepted", true, "Accepted", MSG_VALID, generation);
    }
    invalidProxies.remove(proxy.namespace() + "/" + proxy.name());
    if (ancestor != null) {
      ctx.envoyProxyState(proxy).accepted(ancestor);
    }
    return true;
  }
}

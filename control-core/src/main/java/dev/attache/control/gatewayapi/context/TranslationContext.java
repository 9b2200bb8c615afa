package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;

/**
 * The input of one translation, which every stage reads and none changes: the settings, the
 * resources, the indexes built over them once, and the GatewayClass being served. What the
 * stages compute is in the values they return ({@link Gateways} and those built on it).
 */
public final class TranslationContext {
  public final StageSettings settings;
  public final ResourceSet resources;
  public final ResourceIndex index;
  public final ReferenceGrants referenceGrants;
  public final boolean mergeGateways;
  /** The GatewayClass this translation serves, if the input has it. */
  public final GatewayClass gatewayClass;

  public TranslationContext(StageSettings settings, ResourceSet resources) {
    this.settings = requireNonNull(settings, "settings");
    this.resources = requireNonNull(resources, "resources");
    this.index = new ResourceIndex(resources);
    this.referenceGrants = new ReferenceGrants(resources.referenceGrants());
    this.mergeGateways = mergeGatewaysEnabled(resources);
    GatewayClass gc = null;
    for (GatewayClass c : resources.gatewayClasses()) {
      if (c.name().equals(settings.gatewayClassName())) {
        gc = c;
      }
    }
    if (gc == null && resources.gatewayClasses().size() == 1) {
      gc = resources.gatewayClasses().getFirst();
    }
    this.gatewayClass = gc;
  }

  /** Whether the GatewayClass's EnvoyProxy (or the default spec) merges all Gateways into one proxy. */
  public static boolean mergeGatewaysEnabled(ResourceSet resources) {
    EnvoyProxy gc = resources.envoyProxyForGatewayClass();
    if (gc != null && gc.spec() != null && gc.spec().mergeGateways() != null) {
      return gc.spec().mergeGateways();
    }
    var defaults = resources.envoyProxyDefaultSpec();
    return defaults != null && defaults.mergeGateways() != null && defaults.mergeGateways();
  }

  /**
   * The IR key of a Gateway, as Envoy Gateway keys the IR: {@code namespace/name}, or the
   * GatewayClass name when gateways are merged.
   */
  public String irKey(String namespace, String name) {
    return mergeGateways ? settings.gatewayClassName() : Names.gatewayKey(namespace, name);
  }

  public String irKey(GatewayContext gateway) {
    return irKey(gateway.namespace(), gateway.name());
  }

  /**
   * Whether traffic to a Service goes to its cluster IP rather than its endpoints: always when
   * endpoint routing is off, else as a BackendTrafficPolicy or the EnvoyProxy says.
   */
  public boolean isServiceRouting(EnvoyProxy envoyProxy, String btpRoutingType) {
    if (settings.endpointRoutingDisabled()) {
      return true;
    }
    if (btpRoutingType != null) {
      if (btpRoutingType.equals("Service")) {
        return true;
      }
      if (btpRoutingType.equals("Endpoint")) {
        return false;
      }
    }
    return envoyProxy != null && envoyProxy.spec() != null && "Service".equals(envoyProxy.spec().routingType());
  }
}

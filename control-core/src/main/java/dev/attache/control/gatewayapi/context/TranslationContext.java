package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.GatewayClassStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one translation shares: its settings and input, the indexes built over the input,
 * the Gateways it serves, and the IR it is building per Gateway (keyed as Envoy Gateway keys
 * them: {@code namespace/name}, or the GatewayClass name when gateways are merged).
 */
public final class TranslationContext {
  public final StageSettings settings;
  public final ResourceSet resources;
  public final ResourceIndex index;
  public final ReferenceGrants referenceGrants;
  public final boolean mergeGateways;
  public final List<GatewayContext> acceptedGateways = new ArrayList<>();
  public final List<GatewayContext> failedGateways = new ArrayList<>();
  public final List<ListenerSetContext> listenerSets = new ArrayList<>();
  public final Map<String, XdsDraft> xds = new LinkedHashMap<>();
  public final Map<String, InfraDraft> infra = new LinkedHashMap<>();
  private final Map<EnvoyProxy, EnvoyProxyState> envoyProxyStates = new IdentityHashMap<>();
  /** The GatewayClass this translation serves, if the input has it. */
  public final GatewayClass gatewayClass;
  public final Conditions gatewayClassConditions;

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
    this.gatewayClassConditions = new Conditions(gc == null || gc.status() == null ? null : gc.status().conditions());
  }

  /** The GatewayClass with the status this translation computed. */
  public GatewayClass gatewayClassWithStatus() {
    if (gatewayClass == null) {
      return null;
    }
    var old = gatewayClass.status();
    return new GatewayClass(gatewayClass.apiVersion(), gatewayClass.kind(), gatewayClass.metadata(),
        gatewayClass.spec(), new GatewayClassStatus(gatewayClassConditions.toList(),
            old == null ? null : old.supportedFeatures()));
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

  /** The IR key of a Gateway. */
  public String irKey(String namespace, String name) {
    return mergeGateways ? settings.gatewayClassName() : Names.gatewayKey(namespace, name);
  }

  public String irKey(GatewayContext gateway) {
    return irKey(gateway.namespace(), gateway.name());
  }

  public XdsDraft xds(GatewayContext gateway) {
    return xds.get(irKey(gateway));
  }

  /** The status being built for an EnvoyProxy (by identity). */
  public EnvoyProxyState envoyProxyState(EnvoyProxy proxy) {
    return envoyProxyStates.computeIfAbsent(proxy, EnvoyProxyState::new);
  }

  /** The EnvoyProxy as it is to be printed: with the status this translation gave it, if any. */
  public EnvoyProxy withStatus(EnvoyProxy proxy) {
    if (proxy == null) {
      return null;
    }
    EnvoyProxyState state = envoyProxyStates.get(proxy);
    return state == null ? proxy : state.withStatus();
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

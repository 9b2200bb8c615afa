package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.InfraDraft;
import dev.attache.control.gatewayapi.context.IrDrafts;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.GatewayClassStatus;
import dev.attache.control.resource.gatewayapi.GatewaySpecAddress;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway stage: picks the Gateways of the translator's GatewayClass, attaches the EnvoyProxy
 * configuration that applies to each, rejects those whose configuration is unusable, and starts
 * the IR of every picked Gateway (accepted or not, so that its infrastructure is kept), as Envoy
 * Gateway's {@code GetRelevantGateways} and {@code InitIRs}. Sets the GatewayClass's and the
 * EnvoyProxies' statuses on the way.
 */
public final class GatewaySelection {
  static final String EG_GROUP = "gateway.envoyproxy.io";
  static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  private final TranslationContext ctx;
  private final List<GatewayContext> accepted = new ArrayList<>();
  private final List<GatewayContext> failed = new ArrayList<>();
  private final IrDrafts ir;
  private final Conditions gatewayClassConditions;
  private final Map<EnvoyProxy, EnvoyProxyState> envoyProxyStates = new IdentityHashMap<>();

  private GatewaySelection(TranslationContext ctx) {
    this.ctx = ctx;
    this.ir = new IrDrafts(ctx);
    GatewayClass gc = ctx.gatewayClass;
    this.gatewayClassConditions = new Conditions(gc == null || gc.status() == null ? null : gc.status().conditions());
  }

  /** The Gateways of the translator's GatewayClass, with their IR started. */
  public static Gateways select(TranslationContext ctx) {
    GatewaySelection selection = new GatewaySelection(ctx);
    selection.run();
    return selection.result();
  }

  private void run() {
    Map<String, EnvoyProxy> proxies = new HashMap<>();
    Map<String, String> invalidProxies = new HashMap<>();
    for (EnvoyProxy ep : ctx.resources.envoyProxies()) {
      proxies.put(ep.namespace() + "/" + ep.name(), ep);
      String error = EnvoyProxyValidation.validate(ep);
      if (error != null) {
        invalidProxies.put(ep.namespace() + "/" + ep.name(), error);
      }
    }
    EnvoyProxy classProxy = ctx.resources.envoyProxyForGatewayClass();
    if (classProxy != null) {
      if (GatewayClassAcceptance.acceptEnvoyProxy(ctx.gatewayClass, gatewayClassConditions,
          envoyProxyState(classProxy), classProxy, invalidProxies)) {
        proxies.put(classProxy.namespace() + "/" + classProxy.name(), classProxy);
      }
    }

    for (Gateway gateway : ctx.resources.gateways()) {
      if (!ctx.settings.gatewayClassName().equals(gateway.spec() == null ? null : gateway.spec().gatewayClassName())) {
        continue;
      }
      GatewayContext g = withEnvoyProxy(gateway, proxies);
      if (ctx.mergeGateways && mergeBackendsEnabled(g)) {
        failed.add(g);
        g.setCondition("Accepted", false, "InvalidParameters", "mergeGateways and mergeBackends cannot both be enabled");
        continue;
      }
      if (g.notAccepted()) {
        failed.add(g);
        continue;
      }
      ParentReference ancestor = g.envoyProxyFromGateway()
          ? new ParentReference(GATEWAY_GROUP, "Gateway", g.namespace(), g.name(), null, null)
          : null;
      EnvoyProxy ep = g.envoyProxy();
      if (ep != null) {
        String error = invalidProxies.get(ep.namespace() + "/" + ep.name());
        if (error != null) {
          failed.add(g);
          g.setCondition("Accepted", false, "InvalidParameters", "Invalid parametersRef:: " + error);
          if (ancestor != null) {
            envoyProxyState(ep).set(ancestor, "Accepted", false, "InvalidParameters", error);
          }
          continue;
        }
        if (ancestor != null) {
          envoyProxyState(ep).accepted(ancestor);
        }
      }
      String unsupported = unsupportedAddressType(gateway);
      if (unsupported != null) {
        failed.add(g);
        g.setCondition("Accepted", false, "UnsupportedAddress",
            "Gateway has an address with an unsupported type: " + unsupported);
        continue;
      }
      g.resetListeners();
      accepted.add(g);
    }
    for (GatewayContext g : accepted) {
      initIr(g);
    }
    for (GatewayContext g : failed) {
      initIr(g);
    }
    for (GatewayContext g : accepted) {
      ir.infra(g).addresses = ipAddresses(g.gateway());
    }
  }

  private EnvoyProxyState envoyProxyState(EnvoyProxy proxy) {
    return envoyProxyStates.computeIfAbsent(proxy, EnvoyProxyState::new);
  }

  private Gateways result() {
    Map<EnvoyProxy, EnvoyProxy> proxies = new IdentityHashMap<>();
    envoyProxyStates.forEach((proxy, state) -> proxies.put(proxy, state.withStatus()));
    return new Gateways(accepted, failed, ir, gatewayClassWithStatus(), proxies);
  }

  private GatewayClass gatewayClassWithStatus() {
    GatewayClass gc = ctx.gatewayClass;
    if (gc == null) {
      return null;
    }
    var old = gc.status();
    return new GatewayClass(gc.apiVersion(), gc.kind(), gc.metadata(), gc.spec(),
        new GatewayClassStatus(gatewayClassConditions.toList(), old == null ? null : old.supportedFeatures()));
  }

  /** The Gateway's addresses of type {@code IPAddress} (the default type). */
  private static List<String> ipAddresses(Gateway gateway) {
    List<String> ips = new ArrayList<>();
    var addresses = gateway.spec().addresses();
    if (addresses != null) {
      for (GatewaySpecAddress a : addresses) {
        if (a.type() == null || a.type().equals("IPAddress")) {
          ips.add(a.value());
        }
      }
    }
    return ips;
  }

  /**
   * The EnvoyProxy of a Gateway: its own (through {@code infrastructure.parametersRef}, unless
   * gateways are merged) over the GatewayClass's over the configured default, as Envoy Gateway
   * merges them; with it, the Gateway's context.
   */
  private GatewayContext withEnvoyProxy(Gateway gateway, Map<String, EnvoyProxy> proxies) {
    EnvoyProxy gatewayProxy = null;
    var infra = gateway.spec().infrastructure();
    if (infra != null && infra.parametersRef() != null && !ctx.mergeGateways) {
      var ref = infra.parametersRef();
      if (EG_GROUP.equals(ref.group()) && "EnvoyProxy".equals(ref.kind())) {
        gatewayProxy = proxies.get(gateway.namespace() + "/" + ref.name());
      }
    }
    EnvoyProxy merged = EnvoyProxyMerge.merge(ctx.resources.envoyProxyDefaultSpec(),
        ctx.resources.envoyProxyForGatewayClass(), gatewayProxy);
    return new GatewayContext(gateway, merged, gatewayProxy != null);
  }

  private boolean mergeBackendsEnabled(GatewayContext g) {
    if (g.envoyProxy() != null && g.envoyProxy().spec() != null && g.envoyProxy().spec().mergeBackends() != null) {
      return true;
    }
    return defaultMergeBackends();
  }

  private boolean defaultMergeBackends() {
    EnvoyProxy gc = ctx.resources.envoyProxyForGatewayClass();
    if (gc != null && gc.spec() != null && gc.spec().mergeBackends() != null) {
      return true;
    }
    var defaults = ctx.resources.envoyProxyDefaultSpec();
    return defaults != null && defaults.mergeBackends() != null;
  }

  private static String unsupportedAddressType(Gateway gateway) {
    if (gateway.spec().addresses() == null) {
      return null;
    }
    for (GatewaySpecAddress a : gateway.spec().addresses()) {
      if (a.type() != null && !a.type().equals("IPAddress") && !a.type().equals("Hostname")) {
        return a.type();
      }
    }
    return null;
  }

  private void initIr(GatewayContext g) {
    String key = ctx.irKey(g);
    XdsDraft xds = new XdsDraft();
    InfraDraft infra = new InfraDraft();
    var spec = g.gateway().spec();
    Map<String, String> labels = new LinkedHashMap<>();
    if (spec.infrastructure() != null && spec.infrastructure().labels() != null) {
      labels.putAll(spec.infrastructure().labels());
    }
    if (spec.infrastructure() != null && spec.infrastructure().annotations() != null
        && !spec.infrastructure().annotations().isEmpty()) {
      infra.annotations = new LinkedHashMap<>(spec.infrastructure().annotations());
    }
    if (ctx.mergeGateways) {
      labels.put(Names.OWNING_GATEWAY_CLASS, ctx.settings.gatewayClassName());
    } else {
      labels.put(Names.OWNING_GATEWAY_NAMESPACE, g.namespace());
      labels.put(Names.OWNING_GATEWAY_NAME, g.name());
    }
    infra.labels = labels;
    infra.name = key;
    infra.namespace = ctx.settings.controllerNamespace();
    infra.ownerReference = new ResourceMetadata("GatewayClass", ctx.settings.gatewayClassName(), null, null, null, null);
    if (ctx.settings.gatewayNamespaceMode()) {
      infra.name = g.name();
      infra.namespace = g.namespace();
      infra.ownerReference = new ResourceMetadata("Gateway", g.name(), null, null, null, null);
    }
    // Merged gateways share one IR: the last one initialised wins, as upstream's map assignment.
    ir.start(key, xds, infra);
  }
}

package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.Infra;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The IR a translation is building, per IR key ({@link TranslationContext#irKey}): the xDS and
 * infrastructure drafts the gateway stage starts, which the listener, route and policy stages
 * add to, and which are built into IR once, at the end.
 */
public final class IrDrafts {
  private final TranslationContext ctx;
  private final Map<String, XdsDraft> xds = new LinkedHashMap<>();
  private final Map<String, InfraDraft> infra = new LinkedHashMap<>();

  public IrDrafts(TranslationContext ctx) {
    this.ctx = ctx;
  }

  /** Starts the drafts of {@code key}; merged gateways share a key, and the last start wins, as upstream's map assignment. */
  public void start(String key, XdsDraft xdsDraft, InfraDraft infraDraft) {
    xds.put(key, xdsDraft);
    infra.put(key, infraDraft);
  }

  /** The xDS draft of a Gateway (shared by all Gateways when they are merged). */
  public XdsDraft xds(GatewayContext gateway) {
    return xds.get(ctx.irKey(gateway));
  }

  /** The xDS draft under an IR key, or null. */
  public XdsDraft xds(String key) {
    return xds.get(key);
  }

  public InfraDraft infra(GatewayContext gateway) {
    return infra.get(ctx.irKey(gateway));
  }

  /** Every xDS draft, in the order the gateways were started. */
  public Collection<XdsDraft> allXds() {
    return Collections.unmodifiableCollection(xds.values());
  }

  /** The xDS IR by key. */
  public Map<String, Xds> buildXds() {
    Map<String, Xds> out = new TreeMap<>();
    xds.forEach((k, v) -> out.put(k, v.build()));
    return out;
  }

  /** The infrastructure IR by key, each proxy configuration shown with the status {@code withStatus} gives it. */
  public Map<String, Infra> buildInfra(UnaryOperator<EnvoyProxy> withStatus) {
    Map<String, Infra> out = new TreeMap<>();
    infra.forEach((k, v) -> {
      v.config = withStatus.apply(v.config);
      out.put(k, v.build());
    });
    return out;
  }
}

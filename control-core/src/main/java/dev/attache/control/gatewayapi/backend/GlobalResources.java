package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.listener.GatewaySelection;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.resource.core.Service;
import java.util.Map;

/**
 * Resources shared by a gateway's listeners: the cluster of the proxy's own Service (found by the
 * owner labels the infrastructure puts on it), as Envoy Gateway's {@code ProcessGlobalResources}.
 */
public final class GlobalResources {
  private final TranslationContext ctx;
  private final Destinations destinations;

  public GlobalResources(TranslationContext ctx, Destinations destinations) {
    this.ctx = ctx;
    this.destinations = destinations;
  }

  public void run() {
    for (GatewayContext g : ctx.acceptedGateways) {
      RouteDestination cluster = proxyServiceCluster(g);
      XdsDraft xds = ctx.xds(g);
      if (cluster != null && xds != null) {
        xds.globalResources = new dev.attache.control.ir.GlobalResources(
            xds.globalResources == null ? null : xds.globalResources.envoyClientCertificate(), cluster);
      }
      if (ctx.mergeGateways) {
        break;
      }
    }
  }

  private RouteDestination proxyServiceCluster(GatewayContext g) {
    Map<String, String> labels = ctx.mergeGateways
        ? Map.of(GatewaySelection.OWNING_GATEWAY_CLASS, g.gatewayClassName())
        : Map.of(GatewaySelection.OWNING_GATEWAY_NAMESPACE, g.namespace(), GatewaySelection.OWNING_GATEWAY_NAME, g.name());
    String namespace = ctx.settings.gatewayNamespaceMode() ? g.namespace() : ctx.settings.controllerNamespace();
    Service svc = null;
    for (Service s : ctx.resources.services()) {
      if (!s.namespace().equals(namespace)) {
        continue;
      }
      Map<String, String> have = s.metadata() == null || s.metadata().labels() == null ? Map.of() : s.metadata().labels();
      if (have.entrySet().containsAll(labels.entrySet())) {
        svc = s;
        break;
      }
    }
    if (svc == null || svc.spec() == null || svc.spec().ports() == null || svc.spec().ports().isEmpty()) {
      return null;
    }
    var port = svc.spec().ports().getFirst();
    BackendRefSpec ref = BackendRefSpec.of("", "Service", svc.name(), svc.namespace(), port.port());
    var built = destinations.service(ctx.irKey(g), ref, svc.namespace(),
        port.protocol() == null ? "" : port.protocol(), ctx.resources.envoyProxyForGatewayClass(), null);
    if (built.error() != null) {
      return null;
    }
    return new RouteDestination(built.setting().name(), null, java.util.List.of(built.setting()), null,
        built.setting().metadata());
  }
}

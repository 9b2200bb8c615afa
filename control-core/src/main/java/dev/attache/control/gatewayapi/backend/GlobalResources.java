package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.resource.core.Service;
import java.util.Map;

/**
 * Resources shared by a gateway's listeners: the cluster of the proxy's own Service (found by the
 * owner labels the infrastructure puts on it), and the client certificate Envoy presents to the
 * rate-limit service when a route uses global rate limits and to the Wasm module server when
 * a route runs Wasm modules, as Envoy Gateway's
 * {@code ProcessGlobalResources}.
 */
public final class GlobalResources {
  private final TranslationContext ctx;
  private final Gateways gateways;
  private final Destinations destinations;

  private GlobalResources(TranslationContext ctx, Gateways gateways, Destinations destinations) {
    this.ctx = ctx;
    this.gateways = gateways;
    this.destinations = destinations;
  }

  /** Adds the global resources to the IR of each of {@code gateways}. */
  public static void add(TranslationContext ctx, Gateways gateways, Destinations destinations) {
    new GlobalResources(ctx, gateways, destinations).run();
  }

  private void run() {
    for (GatewayContext g : gateways.accepted()) {
      RouteDestination cluster = proxyServiceCluster(g);
      XdsDraft xds = gateways.ir().xds(g);
      if (cluster != null && xds != null) {
        xds.globalResources = new dev.attache.control.ir.GlobalResources(
            xds.globalResources == null ? null : xds.globalResources.envoyClientCertificate(), cluster);
      }
      if (ctx.mergeGateways) {
        break;
      }
    }
    var secret = ctx.index.secret(ctx.settings.controllerNamespace(), "envoy");
    if (secret == null) {
      return;
    }
    for (XdsDraft xds : gateways.ir().allXds()) {
      if (containsGlobalRateLimit(xds) || containsWasm(xds)) {
        TlsCertificate cert = new TlsCertificate(secret.namespace() + "/" + secret.name(), null,
            bytes(secret, "tls.crt"), bytes(secret, "tls.key"), null);
        xds.globalResources = new dev.attache.control.ir.GlobalResources(cert,
            xds.globalResources == null ? null : xds.globalResources.proxyServiceCluster());
      }
    }
  }

  private static Bytes bytes(dev.attache.control.resource.core.Secret secret, String key) {
    byte[] data = dev.attache.control.gatewayapi.tls.ServingCertificates.data(secret, key);
    return data.length == 0 ? null : Bytes.of(data);
  }

  private static boolean containsGlobalRateLimit(XdsDraft xds) {
    for (HttpListenerDraft l : xds.http) {
      for (HttpRoute r : l.routes) {
        if (r.traffic() != null && r.traffic().rateLimit() != null && r.traffic().rateLimit().global() != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsWasm(XdsDraft xds) {
    for (HttpListenerDraft l : xds.http) {
      for (HttpRoute r : l.routes) {
        if (r.envoyExtensions() != null && !r.envoyExtensions().wasms().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private RouteDestination proxyServiceCluster(GatewayContext g) {
    Map<String, String> labels = ctx.mergeGateways
        ? Map.of(Names.OWNING_GATEWAY_CLASS, g.gatewayClassName())
        : Map.of(Names.OWNING_GATEWAY_NAMESPACE, g.namespace(), Names.OWNING_GATEWAY_NAME, g.name());
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

package dev.attache.control.gatewayapi;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.backend.BackendStatuses;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.backend.GlobalResources;
import dev.attache.control.gatewayapi.backend.MergeBackends;
import dev.attache.control.gatewayapi.backend.TelemetryDestinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.InfraDraft;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.listener.GatewayTls;
import dev.attache.control.gatewayapi.listener.ListenerSets;
import dev.attache.control.gatewayapi.listener.ListenerTranslator;
import dev.attache.control.gatewayapi.listener.ProxyObservability;
import dev.attache.control.gatewayapi.policy.BackendTrafficPolicies;
import dev.attache.control.gatewayapi.policy.ClientTrafficPolicies;
import dev.attache.control.gatewayapi.policy.EnvoyExtensionPolicies;
import dev.attache.control.gatewayapi.policy.EnvoyPatchPolicies;
import dev.attache.control.gatewayapi.policy.ExtensionServerPolicies;
import dev.attache.control.gatewayapi.policy.SecurityPolicies;
import dev.attache.control.gatewayapi.route.L4RouteTranslation;
import dev.attache.control.gatewayapi.route.RouteOverlaps;
import dev.attache.control.gatewayapi.route.RoutePrecedence;
import dev.attache.control.gatewayapi.route.RouteTranslation;
import dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.Infra;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.BackendTLSPolicy;
import dev.attache.control.resource.gatewayapi.GatewaySpecAddress;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Gateway API translator: from one consistent set of resources to the statuses of the
 * objects it is responsible for, plus the infrastructure IR and xDS IR of each Gateway of its
 * GatewayClass. A pure function of its input (Envoy Gateway's {@code gatewayapi.Translator});
 * every lookup goes through indexes built once per call.
 */
public final class GatewayApiTranslator {
  private GatewayApiTranslator() {}

  public static TranslationResult translate(ResourceSet resources, TranslatorSettings settings) {
    requireNonNull(resources, "resources");
    requireNonNull(settings, "settings");
    TranslationContext ctx = new TranslationContext(settings, resources);
    new dev.attache.control.gatewayapi.listener.GatewaySelection(ctx).run();

    Destinations destinations = new Destinations(ctx);
    BackendTls backendTls = new BackendTls(ctx);
    TelemetryDestinations telemetry = new TelemetryDestinations(ctx, destinations, backendTls);
    ListenerSets listenerSets = new ListenerSets(ctx);
    listenerSets.attach();
    new GatewayTls(ctx, backendTls).run();
    new ListenerTranslator(ctx, new ProxyObservability(telemetry, ctx.mergeGateways)).run();
    listenerSets.status();
    EnvoyPatchPolicies envoyPatchPolicies = new EnvoyPatchPolicies(ctx);
    envoyPatchPolicies.run();

    for (GatewayContext g : ctx.acceptedGateways) {
      List<String> ips = new ArrayList<>();
      var addresses = g.gateway().spec().addresses();
      if (addresses != null) {
        for (GatewaySpecAddress a : addresses) {
          if (a.type() == null || a.type().equals("IPAddress")) {
            ips.add(a.value());
          }
        }
      }
      ctx.infra.get(ctx.irKey(g)).addresses = ips;
    }

    MergeBackends mergeBackends = MergeBackends.index(ctx);
    BackendStatuses backendStatuses = new BackendStatuses(ctx, destinations.validation());
    backendStatuses.run();

    RouteTranslation.BackendTlsLookup tlsLookup =
        (route, parent) -> (ref, ns) -> backendTls.resolve(ref, ns, parent.parentRef(), parent.gateway());
    RouteTranslation http = new RouteTranslation(ctx, destinations, tlsLookup, mergeBackends);
    L4RouteTranslation l4 = new L4RouteTranslation(ctx, destinations, tlsLookup, mergeBackends);
    List<RouteContext> httpRoutes = http.httpRoutes();
    List<RouteContext> grpcRoutes = http.grpcRoutes();
    List<RouteContext> tlsRoutes = l4.tlsRoutes();
    List<RouteContext> tcpRoutes = l4.tcpRoutes();
    List<RouteContext> udpRoutes = l4.udpRoutes();
    ClientTrafficPolicies clientTrafficPolicies = new ClientTrafficPolicies(ctx);
    clientTrafficPolicies.run();

    List<RouteContext> allRoutes = new ArrayList<>(httpRoutes);
    allRoutes.addAll(grpcRoutes);
    allRoutes.addAll(tlsRoutes);
    allRoutes.addAll(tcpRoutes);
    allRoutes.addAll(udpRoutes);
    BackendTrafficPolicies backendTrafficPolicies = new BackendTrafficPolicies(ctx);
    backendTrafficPolicies.run(allRoutes);

    List<RouteContext> httpAndGrpc = new ArrayList<>(httpRoutes);
    httpAndGrpc.addAll(grpcRoutes);
    RouteOverlaps.check(httpAndGrpc, ctx.xds.values());
    SecurityPolicies securityPolicies = new SecurityPolicies(ctx, destinations, backendTls);
    securityPolicies.run(allRoutes);
    EnvoyExtensionPolicies envoyExtensionPolicies = new EnvoyExtensionPolicies(ctx, destinations, backendTls);
    envoyExtensionPolicies.run(allRoutes);
    ExtensionServerPolicies extensionServerPolicies = new ExtensionServerPolicies(ctx);
    extensionServerPolicies.run(allRoutes);

    new GlobalResources(ctx, destinations).run();
    for (XdsDraft xds : ctx.xds.values()) {
      RoutePrecedence.sort(xds);
    }
    for (GatewayContext g : ctx.acceptedGateways) {
      if (g.envoyProxy != null && g.envoyProxy.spec() != null && g.envoyProxy.spec().filterOrder() != null) {
        ctx.xds(g).filterOrder = g.envoyProxy.spec().filterOrder();
      }
    }
    List<BackendTLSPolicy> backendTlsPolicies = backendTls.finish();
    envoyPatchPolicies.finish();
    return result(ctx, backendStatuses, backendTlsPolicies, clientTrafficPolicies, backendTrafficPolicies, envoyPatchPolicies, securityPolicies, envoyExtensionPolicies, extensionServerPolicies, httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes, udpRoutes);
  }

  private static TranslationResult result(TranslationContext ctx, BackendStatuses backends,
      List<BackendTLSPolicy> backendTlsPolicies, ClientTrafficPolicies clientTrafficPolicies,
      BackendTrafficPolicies backendTrafficPolicies, EnvoyPatchPolicies envoyPatchPolicies,
      SecurityPolicies securityPolicies, EnvoyExtensionPolicies envoyExtensionPolicies,
      ExtensionServerPolicies extensionServerPolicies,
      List<RouteContext> httpRoutes,
      List<RouteContext> grpcRoutes, List<RouteContext> tlsRoutes, List<RouteContext> tcpRoutes,
      List<RouteContext> udpRoutes) {
    ResourceSet.Builder out = ResourceSet.builder();
    var gc = ctx.gatewayClassWithStatus();
    if (gc != null) {
      out.add(gc);
      if (ctx.resources.envoyProxyForGatewayClass() != null) {
        out.envoyProxyForGatewayClass(ctx.withStatus(ctx.resources.envoyProxyForGatewayClass()));
      }
    }
    List<GatewayContext> all = new ArrayList<>(ctx.acceptedGateways);
    all.addAll(ctx.failedGateways);
    Set<EnvoyProxy> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (GatewayContext g : all) {
      out.add(g.withStatus());
      if (g.envoyProxyFromGateway && g.envoyProxy != null && seen.add(g.envoyProxy)) {
        out.add(ctx.withStatus(g.envoyProxy));
      }
    }
    for (List<RouteContext> routes : List.of(httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes, udpRoutes)) {
      for (RouteContext r : routes) {
        out.add(r.withStatus());
      }
    }
    out.addAll(clientTrafficPolicies.withStatus());
    out.addAll(backendTrafficPolicies.withStatus());
    out.addAll(envoyPatchPolicies.withStatus());
    out.addAll(securityPolicies.withStatus());
    out.addAll(envoyExtensionPolicies.withStatus());
    extensionServerPolicies.withStatus().forEach(out::addExtensionServerPolicy);
    for (KubernetesObject b : backends.withStatus()) {
      out.add(b);
    }
    out.addAll(backendTlsPolicies);
    for (var ls : ctx.listenerSets) {
      out.add(ls.withStatus());
    }
    Map<String, Xds> xds = new TreeMap<>();
    ctx.xds.forEach((k, v) -> xds.put(k, v.build()));
    Map<String, Infra> infra = new TreeMap<>();
    for (Map.Entry<String, InfraDraft> e : ctx.infra.entrySet()) {
      InfraDraft d = e.getValue();
      d.config = ctx.withStatus(d.config);
      infra.put(e.getKey(), d.build());
    }
    return new TranslationResult(out.build(), infra, xds);
  }
}

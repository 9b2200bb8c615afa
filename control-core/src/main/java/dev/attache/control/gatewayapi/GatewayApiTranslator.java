package dev.attache.control.gatewayapi;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.backend.BackendStatuses;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.backend.GlobalResources;
import dev.attache.control.gatewayapi.backend.MergeBackends;
import dev.attache.control.gatewayapi.backend.TelemetryDestinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.listener.GatewaySelection;
import dev.attache.control.gatewayapi.listener.ListenerTranslator;
import dev.attache.control.gatewayapi.listener.Listeners;
import dev.attache.control.gatewayapi.policy.PolicyStage;
import dev.attache.control.gatewayapi.policy.PolicyStages;
import dev.attache.control.gatewayapi.policy.PolicyStatuses;
import dev.attache.control.gatewayapi.route.RoutePrecedence;
import dev.attache.control.gatewayapi.route.RouteTranslation;
import dev.attache.control.gatewayapi.route.Routes;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.BackendTLSPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The Gateway API translator: from one consistent set of resources to the statuses of the
 * objects it is responsible for, plus the infrastructure IR and xDS IR of each Gateway of its
 * GatewayClass. A pure function of its input (Envoy Gateway's {@code gatewayapi.Translator});
 * every lookup goes through indexes built once per call.
 *
 * <p>{@link #translate} runs the stages in their one order, each from the value the previous
 * one returned: gateways, listeners, routes, then each kind of policy ({@link PolicyStages}),
 * and last the statuses. The IR drafts travel with the gateways; the stages after the gateway
 * stage add to them, and they are built into IR once, at the end.
 */
public final class GatewayApiTranslator {
  private GatewayApiTranslator() {}

  public static TranslationResult translate(ResourceSet resources, TranslatorSettings settings) {
    requireNonNull(resources, "resources");
    requireNonNull(settings, "settings");
    TranslationContext ctx = new TranslationContext(settings, resources);
    // Backend resolution serves every stage; BackendTLSPolicy statuses accumulate as stages resolve.
    Destinations destinations = new Destinations(ctx);
    BackendTls backendTls = new BackendTls(ctx);

    Gateways gateways = GatewaySelection.select(ctx);
    Listeners listeners = ListenerTranslator.translate(ctx, gateways, backendTls,
        new TelemetryDestinations(ctx, destinations, backendTls));
    MergeBackends merge = MergeBackends.index(ctx, gateways);
    List<Backend> backends = BackendStatuses.of(ctx, destinations.validation());
    Routes routes = RouteTranslation.translate(ctx, listeners, destinations, backendTls, merge);
    List<PolicyStatuses> policies = new ArrayList<>();
    for (PolicyStage stage : PolicyStages.ordered(ctx, gateways, destinations, backendTls)) {
      policies.add(stage.apply(routes));
    }
    finishIr(ctx, gateways, destinations);
    List<BackendTLSPolicy> backendTlsPolicies = backendTls.finish();
    return result(ctx, listeners, routes, policies, backends, backendTlsPolicies);
  }

  /** What the IR gets once every stage has added to it: shared resources, route order, filter order. */
  private static void finishIr(TranslationContext ctx, Gateways gateways, Destinations destinations) {
    GlobalResources.add(ctx, gateways, destinations);
    for (XdsDraft xds : gateways.ir().allXds()) {
      RoutePrecedence.sort(xds);
    }
    for (GatewayContext g : gateways.accepted()) {
      if (g.envoyProxy() != null && g.envoyProxy().spec() != null && g.envoyProxy().spec().filterOrder() != null) {
        gateways.ir().xds(g).filterOrder = g.envoyProxy().spec().filterOrder();
      }
    }
  }

  /** The statuses stage: every object the translation is responsible for, with its status, and the IR. */
  private static TranslationResult result(TranslationContext ctx, Listeners listeners, Routes routes, List<PolicyStatuses> policies,
      List<Backend> backends, List<BackendTLSPolicy> backendTlsPolicies) {
    Gateways gateways = listeners.gateways();
    ResourceSet.Builder out = ResourceSet.builder();
    var gatewayClass = gateways.gatewayClass();
    if (gatewayClass != null) {
      out.add(gatewayClass);
      EnvoyProxy classProxy = ctx.resources.envoyProxyForGatewayClass();
      if (classProxy != null) {
        out.envoyProxyForGatewayClass(gateways.withStatus(classProxy));
      }
    }
    List<GatewayContext> all = new ArrayList<>(gateways.accepted());
    all.addAll(gateways.failed());
    Set<EnvoyProxy> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (GatewayContext g : all) {
      out.add(g.withStatus());
      if (g.envoyProxyFromGateway() && g.envoyProxy() != null && seen.add(g.envoyProxy())) {
        out.add(gateways.withStatus(g.envoyProxy()));
      }
    }
    for (List<RouteContext> kind : List.of(routes.http(), routes.grpc(), routes.tls(), routes.tcp(), routes.udp())) {
      for (RouteContext r : kind) {
        out.add(r.withStatus());
      }
    }
    for (PolicyStatuses p : policies) {
      p.addTo(out);
    }
    out.addAll(backends);
    out.addAll(backendTlsPolicies);
    out.addAll(listeners.listenerSetsWithStatus());
    return new TranslationResult(out.build(), gateways.ir().buildInfra(gateways::withStatus), gateways.ir().buildXds());
  }
}

package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.backend.BackendRefSpec;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.backend.MergeBackends;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Hostnames;
import dev.attache.control.gatewayapi.context.IrDrafts;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.UdpListenerDraft;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.status.RouteErrors;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.TcpRoute;
import dev.attache.control.ir.TlsInspectorConfig;
import dev.attache.control.ir.TlsRouteConfig;
import dev.attache.control.ir.UdpRoute;
import dev.attache.control.resource.gatewayapi.BackendRef;
import dev.attache.control.resource.gatewayapi.TLSRoute;
import dev.attache.control.resource.gatewayapi.TLSRouteRule;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Translates TLSRoutes (by SNI, terminated or passed through), TCPRoutes and UDPRoutes (one
 * rule, one route per listener) into IR, as Envoy Gateway's {@code processTLSRouteParentRefs},
 * {@code processTCPRouteParentRefs} and {@code processUDPRouteParentRefs}.
 */
final class L4RouteTranslation {
  private final TranslationContext ctx;
  private final IrDrafts ir;
  private final Destinations destinations;
  private final RouteAttachment attachment;
  private final BackendTls backendTls;
  private final MergeBackends merge;

  L4RouteTranslation(TranslationContext ctx, IrDrafts ir, RouteAttachment attachment, Destinations destinations,
      BackendTls backendTls, MergeBackends merge) {
    this.ctx = ctx;
    this.ir = ir;
    this.merge = merge;
    this.destinations = destinations;
    this.attachment = attachment;
    this.backendTls = backendTls;
  }

  private record Resolved(List<MergeBackends.Backend> settings, List<RouteError> errors) {
  }

  /**
   * The backends of a rule; {@code ruleUnsafe} when they may not share clusters (an L4 rule's
   * backends must stay in one cluster when there are several).
   */
  private Resolved resolve(RouteContext route, RouteParentContext parent, String ruleName, List<BackendRef> refs,
      String destName, boolean ruleUnsafe) {
    GatewayContext gateway = parent.gateway();
    String routingType = merge.routingType(route, parent, gateway, ruleName);
    List<MergeBackends.Backend> settings = new ArrayList<>();
    List<RouteError> errors = new ArrayList<>();
    Destinations.TlsResolver tls = RouteTranslation.upstreamTls(backendTls, parent);
    for (int i = 0; i < refs.size(); i++) {
      BackendRefSpec ref = BackendRefSpec.of(refs.get(i));
      var outcome = destinations.process(Names.destinationSetting(destName, i), ref, route,
          gateway, RouteTranslation.protocolOf(route.kind()), routingType, null, tls);
      if (outcome.error() != null) {
        errors.add(outcome.error());
        continue;
      }
      DestinationSetting ds = outcome.setting();
      if (ds.weight() != null && ds.weight() > 0) {
        settings.add(new MergeBackends.Backend(ds, merge.key(gateway, route, routingType, ruleUnsafe, ref, ds, false)));
      }
    }
    return new Resolved(settings, errors);
  }

  private static void resolvedRefs(RouteParentContext parent, List<RouteError> errors) {
    if (errors.isEmpty()) {
      parent.setCondition(RouteConditions.RESOLVED_REFS, true, RouteConditions.REASON_RESOLVED_REFS,
          RouteConditions.MSG_RESOLVED_REFS);
    } else {
      RouteError combined = RouteErrors.combine(RouteConditions.RESOLVED_REFS, errors);
      parent.setCondition(RouteConditions.RESOLVED_REFS, false, combined.reason(), combined.message());
    }
  }

  private static List<BackendRefSpec> refSpecs(List<BackendRef> refs) {
    List<BackendRefSpec> out = new ArrayList<>();
    for (BackendRef r : refs == null ? List.<BackendRef>of() : refs) {
      out.add(BackendRefSpec.of(r));
    }
    return out;
  }

  List<RouteContext> tlsRoutes() {
    List<RouteContext> relevant = new ArrayList<>();
    for (TLSRoute r : ctx.resources.tlsRoutes()) {
      RouteContext route = new RouteContext(r);
      if (!attachment.attach(route)) {
        continue;
      }
      relevant.add(route);
      List<TLSRouteRule> rules = r.spec().rules() == null ? List.of() : r.spec().rules();
      for (RouteParentContext parent : List.copyOf(route.parentContexts())) {
        String destName = Names.routeDestination(route, -1);
        ResourceMetadata metadata = ResourceMetadatas.of(r, "TLSRoute", null);
        List<MergeBackends.Backend> settings = new ArrayList<>();
        List<RouteError> errors = new ArrayList<>();
        boolean ruleUnsafe = false;
        if (merge.enabled(parent.gateway())) {
          List<BackendRefSpec> all = new ArrayList<>();
          for (TLSRouteRule rule : rules) {
            all.addAll(refSpecs(rule.backendRefs()));
          }
          ruleUnsafe = MergeBackends.distinctBackends(route, all) > 1;
        }
        for (TLSRouteRule rule : rules) {
          Resolved res = resolve(route, parent, rule.name(), rule.backendRefs() == null ? List.of() : rule.backendRefs(),
              destName, ruleUnsafe);
          settings.addAll(res.settings());
          errors.addAll(res.errors());
        }
        boolean dynamic = settings.stream().anyMatch(b -> b.setting().isDynamicResolver());
        if (dynamic && settings.size() > 1) {
          errors.add(RouteError.of("dynamic resolver is not supported for multiple backendRefs",
              RouteConditions.REASON_INVALID_BACKEND_REF));
          settings = List.of();
        }
        resolvedRefs(parent, errors);
        boolean intersects = parent.listeners().isEmpty();
        for (ListenerContext listener : parent.listeners()) {
          List<String> hosts = Hostnames.compute(route.hostnames(), listener);
          if (hosts.isEmpty()) {
            continue;
          }
          intersects = true;
          listener.incrementAttachedRoutes();
          if (!listener.isReady()) {
            continue;
          }
          XdsDraft xds = ir.xds(listener.gateway());
          TcpListenerDraft irListener = xds.tcpListener(Names.listener(listener));
          if (irListener == null) {
            continue;
          }
          TlsRouteConfig tls;
          if (irListener.tls != null) {
            if (dynamic) {
              parent.setCondition(RouteConditions.RESOLVED_REFS, false, RouteConditions.REASON_UNSUPPORTED_VALUE,
                  "Dynamic resolver backend is only supported with TLS passthrough listeners");
              continue;
            }
            tls = new TlsRouteConfig(new TlsInspectorConfig(hosts), irListener.tls);
          } else {
            tls = new TlsRouteConfig(new TlsInspectorConfig(hosts), null);
          }
          irListener.routes.add(TcpRoute.of(Names.l4Route(route), tls,
              merge.forListener(parent.gateway(), route, listener, null, destName, null, metadata, settings), metadata));
        }
        if (!intersects) {
          parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_NO_MATCHING_LISTENER_HOSTNAME,
              "There were no hostname intersections between the TLSRoute and this parent ref's Listener(s).");
        }
        if (!parent.hasCondition(RouteConditions.ACCEPTED, "False") && parent.hasNoConditions()) {
          parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
        }
      }
    }
    return relevant;
  }

  List<RouteContext> tcpRoutes() {
    return singleRuleRoutes(ctx.resources.tcpRoutes(), "TCPRoute", "TCP",
        r -> r.spec().rules() == null ? List.of() : r.spec().rules().stream()
            .map(rule -> new L4Rule(rule.name(), rule.backendRefs())).toList(),
        (r, route, listener, destination) -> {
          TcpListenerDraft irListener = ir.xds(listener.gateway()).tcpListener(Names.listener(listener));
          if (irListener == null || !irListener.routes.isEmpty()) {
            return;
          }
          TlsRouteConfig tls = null;
          if (irListener.tls != null) {
            tls = new TlsRouteConfig(listener.hostname() == null ? null
                : new TlsInspectorConfig(List.of(listener.hostname())), irListener.tls);
          }
          irListener.routes.add(TcpRoute.of(Names.l4Route(route), tls, destination,
              ResourceMetadatas.of(r, "TCPRoute", null)));
        });
  }

  List<RouteContext> udpRoutes() {
    return singleRuleRoutes(ctx.resources.udpRoutes(), "UDPRoute", "UDP",
        r -> r.spec().rules() == null ? List.of() : r.spec().rules().stream()
            .map(rule -> new L4Rule(rule.name(), rule.backendRefs())).toList(),
        (r, route, listener, destination) -> {
          UdpListenerDraft irListener = ir.xds(listener.gateway()).udpListener(Names.listener(listener));
          if (irListener != null && irListener.route == null) {
            irListener.route = new UdpRoute(null, Names.l4Route(route), destination, null);
          }
        });
  }

  /** The one rule of a TCPRoute or UDPRoute. */
  private record L4Rule(String name, List<BackendRef> backendRefs) {}

  /** Puts a route's destination on one of its ready listeners (first route on the listener wins). */
  @FunctionalInterface
  private interface ListenerAttach<R> {
    void attach(R resource, RouteContext route, ListenerContext listener, RouteDestination destination);
  }

  /**
   * TCPRoutes and UDPRoutes, which Envoy Gateway translates alike: exactly one rule, its backends
   * resolved per parent, one route per listener.
   */
  private <R extends KubernetesObject> List<RouteContext> singleRuleRoutes(List<R> resources, String kind,
      String protocol, Function<R, List<L4Rule>> rulesOf, ListenerAttach<R> attach) {
    List<RouteContext> relevant = new ArrayList<>();
    for (R r : resources) {
      RouteContext route = new RouteContext(r);
      if (!attachment.attach(route)) {
        continue;
      }
      relevant.add(route);
      List<L4Rule> rules = rulesOf.apply(r);
      for (RouteParentContext parent : List.copyOf(route.parentContexts())) {
        if (rules.size() != 1) {
          parent.setCondition(RouteConditions.ACCEPTED, false, "InvalidRule", "One and only one rule is supported");
          continue;
        }
        L4Rule rule = rules.getFirst();
        List<BackendRef> refs = rule.backendRefs() == null ? List.of() : rule.backendRefs();
        String destName = Names.routeDestination(route, -1);
        ResourceMetadata ruleMetadata = ResourceMetadatas.of(r, kind, rule.name());
        boolean ruleUnsafe = merge.enabled(parent.gateway()) && refs.size() > 1;
        Resolved res = resolve(route, parent, rule.name(), refs, destName, ruleUnsafe);
        resolvedRefs(parent, res.errors());
        if (parent.hasCondition(RouteConditions.ACCEPTED, "False")) {
          continue;
        }
        boolean accepted = false;
        for (ListenerContext listener : parent.listeners()) {
          accepted = true;
          listener.incrementAttachedRoutes();
          if (!listener.isReady()) {
            continue;
          }
          attach.attach(r, route, listener, merge.forListener(parent.gateway(), route, listener, rule.name(),
              destName, null, ruleMetadata, res.settings()));
        }
        if (accepted && parent.hasNoConditions()) {
          parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
        }
        if (!accepted) {
          parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_UNSUPPORTED_VALUE,
              "Multiple routes on the same " + protocol + " listener");
        }
      }
    }
    return relevant;
  }
}

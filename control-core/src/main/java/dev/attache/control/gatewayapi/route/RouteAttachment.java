package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which listeners each parent reference of a route selects and allows (Envoy Gateway's
 * {@code processAllowedListenersForParentRefs}); a route none of whose parents is one of the
 * translator's Gateways is not the translator's business. Gateways are found by name through
 * a map, not a scan.
 */
final class RouteAttachment {
  private static final String GROUP = "gateway.networking.k8s.io";

  private final TranslationContext ctx;
  private final List<GatewayContext> accepted;
  private final Map<String, GatewayContext> gatewaysByName = new HashMap<>();

  RouteAttachment(TranslationContext ctx, List<GatewayContext> accepted) {
    this.ctx = ctx;
    this.accepted = accepted;
    for (GatewayContext g : accepted) {
      gatewaysByName.putIfAbsent(g.namespace() + "/" + g.name(), g);
    }
  }

  /** Whether the route has a parent among the translator's Gateways; sets up its parent contexts. */
  boolean attach(RouteContext route) {
    boolean relevant = false;
    for (ParentReference ref : route.parentRefs()) {
      List<ListenerContext> selected = referencedListeners(route.namespace(), ref);
      if (selected == null) {
        continue;
      }
      relevant = true;
      RouteParentContext parent = route.parentContext(ref, ctx.settings.controllerName());
      parent.resetConditions();
      if (selected.isEmpty()) {
        parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_NO_MATCHING_PARENT,
            "No listeners match this parent ref");
        continue;
      }
      List<ListenerContext> allowed = new ArrayList<>();
      for (ListenerContext l : selected) {
        if (l.allowsKind(GROUP, route.kind()) && l.allowsNamespace(ctx.index.namespace(route.namespace()))) {
          allowed.add(l);
        }
      }
      if (allowed.isEmpty()) {
        parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_NOT_ALLOWED_BY_LISTENERS,
            "No listeners included by this parent ref allowed this attachment.");
        continue;
      }
      parent.addListeners(allowed);
      parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
    }
    return relevant;
  }

  /**
   * The listeners a parent reference selects (all of its Gateway's or ListenerSet's, or the one
   * its section name or port picks), or null when it names no Gateway or ListenerSet of ours.
   */
  private List<ListenerContext> referencedListeners(String routeNamespace, ParentReference ref) {
    String ns = ref.namespace() != null ? ref.namespace() : routeNamespace;
    List<ListenerContext> out = new ArrayList<>();
    if ("ListenerSet".equals(ref.kind()) && GROUP.equals(ref.group())) {
      boolean matched = false;
      for (GatewayContext g : accepted) {
        for (ListenerContext l : g.listeners()) {
          if (!l.isFromListenerSet() || !l.listenerSet().namespace().equals(ns) || !l.listenerSet().name().equals(ref.name())) {
            continue;
          }
          matched = true;
          if (selects(ref, l)) {
            out.add(l);
          }
        }
      }
      return matched ? out : null;
    }
    if (ref.group() != null && !ref.group().equals(GROUP)) {
      return null;
    }
    if (ref.kind() != null && !ref.kind().equals("Gateway")) {
      return null;
    }
    GatewayContext g = gatewaysByName.get(ns + "/" + ref.name());
    if (g == null) {
      return null;
    }
    for (ListenerContext l : g.listeners()) {
      if (!l.isFromListenerSet() && selects(ref, l)) {
        out.add(l);
      }
    }
    return out;
  }

  private static boolean selects(ParentReference ref, ListenerContext l) {
    return (ref.sectionName() == null || ref.sectionName().equals(l.name()))
        && (ref.port() == null || ref.port() == l.port());
  }
}

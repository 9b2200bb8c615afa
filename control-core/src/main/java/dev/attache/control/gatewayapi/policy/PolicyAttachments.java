package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.PolicyTargets;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.resource.gatewayapi.ListenerEntry;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The objects a kind of policy (BackendTrafficPolicy, SecurityPolicy, EnvoyExtensionPolicy) can
 * attach to during one translation, each remembering which policy scopes were already claimed so
 * a second policy on the same scope is reported as conflicted. Built once per policy kind, so
 * targets resolve by map lookup.
 */
final class PolicyAttachments {
  /** A route target: the route and whether a policy claimed it whole or some of its rules. */
  static final class RouteTarget {
    final RouteContext route;
    boolean attached;
    final TreeSet<String> attachedRules = new TreeSet<>();

    RouteTarget(RouteContext route) {
      this.route = route;
    }
  }

  /** A Gateway target. */
  static final class GatewayTarget {
    final GatewayContext gateway;
    boolean attached;
    final TreeSet<String> attachedListeners = new TreeSet<>();

    GatewayTarget(GatewayContext gateway) {
      this.gateway = gateway;
    }
  }

  /** A ListenerSet target. */
  static final class ListenerSetTarget {
    final ListenerSet listenerSet;
    boolean attached;
    final TreeSet<String> attachedListeners = new TreeSet<>();

    ListenerSetTarget(ListenerSet listenerSet) {
      this.listenerSet = listenerSet;
    }

    String gatewayNamespace() {
      var p = listenerSet.spec().parentRef();
      return p.namespace() == null ? listenerSet.namespace() : p.namespace();
    }

    String gatewayName() {
      return listenerSet.spec().parentRef().name();
    }
  }

  final Map<String, RouteTarget> routes = new HashMap<>();
  final Map<String, GatewayTarget> gateways = new HashMap<>();
  final Map<String, ListenerSetTarget> listenerSets = new HashMap<>();

  PolicyAttachments(TranslationContext ctx, List<GatewayContext> accepted, List<RouteContext> allRoutes) {
    for (RouteContext r : allRoutes) {
      routes.put(routeKey(r.kind(), r.namespace(), r.name()), new RouteTarget(r));
    }
    for (GatewayContext g : accepted) {
      gateways.put(g.namespace() + "/" + g.name(), new GatewayTarget(g));
    }
    for (ListenerSet ls : ctx.resources.listenerSets()) {
      listenerSets.put(ls.namespace() + "/" + ls.name(), new ListenerSetTarget(ls));
    }
  }

  static String routeKey(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  /** A failure to resolve a target, reported on the policy as {@code Accepted=False}. */
  record ResolveError(String reason, String message) {}

  /** The resolved target, possibly with an error; null when the object is not known here. */
  record Resolved<T>(T target, ResolveError error) {}

  Resolved<GatewayContext> gateway(TargetRef target, String policyKind) {
    String key = target.namespace() + "/" + target.name();
    GatewayTarget g = gateways.get(key);
    if (g == null) {
      return null;
    }
    if (target.sectionName() != null) {
      boolean found = false;
      for (ListenerContext l : g.gateway.listeners()) {
        if (!l.isFromListenerSet() && l.name().equals(target.sectionName())) {
          found = true;
          break;
        }
      }
      if (!found) {
        return new Resolved<>(g.gateway, new ResolveError("TargetNotFound",
            "No section name " + target.sectionName() + " found for Gateway " + key));
      }
      if (g.attachedListeners.contains(target.sectionName())) {
        return new Resolved<>(g.gateway, new ResolveError("Conflicted", "Unable to target Listener " + key + "/"
            + target.sectionName() + ", another " + policyKind + " has already attached to it"));
      }
      g.attachedListeners.add(target.sectionName());
    } else {
      if (g.attached) {
        return new Resolved<>(g.gateway, new ResolveError("Conflicted", "Unable to target Gateway " + target.name()
            + ", another " + policyKind + " has already attached to it"));
      }
      g.attached = true;
    }
    return new Resolved<>(g.gateway, null);
  }

  Resolved<ListenerSetTarget> listenerSet(TargetRef target, String policyKind) {
    String key = target.namespace() + "/" + target.name();
    ListenerSetTarget ls = listenerSets.get(key);
    if (ls == null) {
      return null;
    }
    if (target.sectionName() != null) {
      if (!listenerSetHasListener(ls.listenerSet, target.sectionName())) {
        return new Resolved<>(ls, new ResolveError("TargetNotFound",
            "No section name " + target.sectionName() + " found for ListenerSet " + key));
      }
      if (ls.attachedListeners.contains(target.sectionName())) {
        return new Resolved<>(ls, new ResolveError("Conflicted", "Unable to target Listener " + target.name() + "/"
            + target.sectionName() + ", another " + policyKind + " has already attached to it"));
      }
      ls.attachedListeners.add(target.sectionName());
    } else {
      if (ls.attached) {
        return new Resolved<>(ls, new ResolveError("Conflicted", "Unable to target ListenerSet " + target.name()
            + ", another " + policyKind + " has already attached to it"));
      }
      ls.attached = true;
    }
    return new Resolved<>(ls, null);
  }

  static boolean listenerSetHasListener(ListenerSet ls, String name) {
    if (ls.spec() == null || ls.spec().listeners() == null) {
      return false;
    }
    for (ListenerEntry e : ls.spec().listeners()) {
      if (name.equals(e.name())) {
        return true;
      }
    }
    return false;
  }

  Resolved<RouteContext> route(TargetRef target, String policyKind) {
    RouteTarget r = routes.get(routeKey(target.kind(), target.namespace(), target.name()));
    if (r == null) {
      return null;
    }
    if (target.sectionName() != null) {
      if (!r.route.hasRuleNamed(target.sectionName())) {
        return new Resolved<>(r.route, new ResolveError("TargetNotFound", "No section name " + target.sectionName()
            + " found for " + target.kind() + " " + target.namespace() + "/" + target.name()));
      }
      if (r.attachedRules.contains(target.sectionName())) {
        return new Resolved<>(r.route, new ResolveError("Conflicted", "Unable to target RouteRule " + target.name()
            + "/" + target.sectionName() + ", another " + policyKind + " has already attached to it"));
      }
      r.attachedRules.add(target.sectionName());
    } else {
      if (r.attached) {
        return new Resolved<>(r.route, new ResolveError("Conflicted", "Unable to target " + target.kind() + " "
            + target.name() + ", another " + policyKind + " has already attached to it"));
      }
      r.attached = true;
    }
    return new Resolved<>(r.route, null);
  }

  /** "these route rules: [..]" when policies claimed rules of a route a whole-route policy targets. */
  String overriddenRulesMessage(TargetRef target) {
    if (target.sectionName() != null) {
      return "";
    }
    RouteTarget r = routes.get(routeKey(target.kind(), target.namespace(), target.name()));
    if (r == null || r.attachedRules.isEmpty()) {
      return "";
    }
    return "these route rules: " + RouteTranslationLists.goList(new ArrayList<>(r.attachedRules));
  }

  /** The route's parent references that this translation manages (those with a parent context). */
  static List<ParentReference> managedParents(RouteContext route) {
    List<ParentReference> out = new ArrayList<>();
    for (ParentReference p : route.parentRefs()) {
      if (route.parentContext(p) != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** A route's target candidates for selectors, of every route kind. */
  static List<PolicyTargets.Candidate> routeCandidates(List<RouteContext> routes) {
    List<PolicyTargets.Candidate> out = new ArrayList<>();
    for (RouteContext r : routes) {
      out.add(new PolicyTargets.Candidate(r.route(), TargetRef.GATEWAY_GROUP, r.kind()));
    }
    return out;
  }
}

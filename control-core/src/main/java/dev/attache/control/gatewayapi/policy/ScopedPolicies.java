package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.PolicyScope;
import dev.attache.control.gatewayapi.attachment.PolicyTargets;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.route.Routes;
import dev.attache.control.gatewayapi.status.PolicyStatusBuilder;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.resource.envoygateway.TargetSelector;
import dev.attache.control.resource.gatewayapi.LocalPolicyTargetReferenceWithSectionName;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.PolicyStatus;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attachment rules BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy share:
 * policies on route rules are applied first, then on routes, ListenerSet listeners,
 * ListenerSets, Gateway listeners and Gateways, so the most specific policy claims a route
 * before a broader one reaches it; a second policy on the same scope is reported as conflicted;
 * a route policy with a merge type merges into the closest parent policy instead; and each
 * broader policy's status names the scopes that override or merge into it. Subclasses say how
 * a policy applies to routes and listeners.
 */
abstract class ScopedPolicies<P extends KubernetesObject> implements PolicyStage {
  static final String GROUP = "gateway.envoyproxy.io";

  /** What a policy targets: the deprecated single reference, the references, the selectors. */
  record Targets(LocalPolicyTargetReferenceWithSectionName targetRef,
      List<LocalPolicyTargetReferenceWithSectionName> targetRefs, List<TargetSelector> selectors) {}

  protected final TranslationContext ctx;
  protected final Gateways gateways;
  protected final String controller;
  private final Map<P, PolicyStatusBuilder> statuses = new IdentityHashMap<>();
  private final List<P> handled = new ArrayList<>();
  private final Map<String, P> byName = new HashMap<>();
  private final Map<String, P> gatewayPolicies = new HashMap<>();
  private final Map<String, P> listenerSetPolicies = new HashMap<>();
  private final PolicyScopeGraph overrides = new PolicyScopeGraph();
  private final PolicyScopeGraph merged = new PolicyScopeGraph();
  private PolicyAttachments attachments;

  ScopedPolicies(TranslationContext ctx, Gateways gateways) {
    this.ctx = ctx;
    this.gateways = gateways;
    this.controller = ctx.settings.controllerName();
  }

  /** The policy kind, as messages name it ({@code BackendTrafficPolicy}). */
  abstract String policyKind();

  abstract List<P> policies();

  abstract Targets targets(P policy);

  abstract String mergeType(P policy);

  abstract PolicyStatus existingStatus(P policy);

  abstract P withStatus(P policy, PolicyStatus status);

  abstract Map<String, String> deprecatedFields(P policy);

  /** How the route-level Overridden message names other policies ({@code backendTrafficPolicy}). */
  abstract String routeOverrideNoun();

  /** How Gateway and ListenerSet Merged/Overridden messages name other policies. */
  abstract String scopeNoun();

  /** Whether a Gateway-targeting policy's deprecation warning comes before its Merged/Overridden conditions. */
  abstract boolean gatewayDeprecationsFirst();

  /** Whether a ListenerSet-targeting policy's deprecation warning comes before its Merged/Overridden conditions. */
  boolean listenerSetDeprecationsFirst() {
    return false;
  }

  /** Why the policy cannot apply to a route target at all, or null (checked before translating). */
  String validateForRoute(P policy, TargetRef target) {
    return null;
  }

  /** Applies the policy to the route (only through {@code listener}, when given); the error, or null. */
  abstract String translateForRoute(P policy, RouteContext route, TargetRef target, ListenerContext listener);

  /** Merges the policy into its parent's and applies the result through {@code listener}; the error, or null. */
  abstract String translateForRouteWithMerge(P policy, P parent, TargetRef target, ListenerContext listener,
      RouteContext route);

  /** Applies the policy to the listeners' routes; {@code gatewayWide} for a whole Gateway. The error, or null. */
  abstract String translateForListeners(P policy, GatewayContext gateway, List<ListenerContext> listeners,
      boolean gatewayWide);

  protected final PolicyStatusBuilder status(P p) {
    return statuses.computeIfAbsent(p, x -> new PolicyStatusBuilder(existingStatus(x),
        x.metadata() == null || x.metadata().generation() == null ? 0 : x.metadata().generation()));
  }

  /** The policy processed under this policy's namespace and name (the first one of that name, as upstream). */
  private P handle(P p) {
    P first = byName.get(p.namespace() + "/" + p.name());
    if (first != null) {
      return first;
    }
    byName.put(p.namespace() + "/" + p.name(), p);
    status(p);
    handled.add(p);
    return p;
  }

  @Override
  public final PolicyStatuses apply(Routes routes) {
    run(routes.all());
    return PolicyStatuses.of(withStatus());
  }

  private void run(List<RouteContext> routes) {
    List<P> policies = policies();
    attachments = new PolicyAttachments(ctx, gateways.accepted(), routes);
    List<PolicyTargets.Candidate> gatewayCandidates = new ArrayList<>();
    for (GatewayContext g : gateways.accepted()) {
      gatewayCandidates.add(new PolicyTargets.Candidate(g.gateway(), TargetRef.GATEWAY_GROUP, "Gateway"));
    }
    List<PolicyTargets.Candidate> listenerSetCandidates = new ArrayList<>();
    for (var ls : ctx.resources.listenerSets()) {
      listenerSetCandidates.add(new PolicyTargets.Candidate(ls, TargetRef.GATEWAY_GROUP, "ListenerSet"));
    }
    List<PolicyTargets.Candidate> routeCandidates = PolicyAttachments.routeCandidates(routes);

    List<List<TargetRef>> gatewayTargets = new ArrayList<>();
    List<List<TargetRef>> listenerSetTargets = new ArrayList<>();
    List<List<TargetRef>> routeTargets = new ArrayList<>();
    List<List<TargetRef>> plainTargets = new ArrayList<>();
    for (P p : policies) {
      Targets t = targets(p);
      gatewayTargets.add(PolicyTargets.resolve(ctx, t.targetRef(), t.targetRefs(), t.selectors(),
          gatewayCandidates, GROUP, policyKind(), p.namespace()));
      listenerSetTargets.add(PolicyTargets.resolve(ctx, t.targetRef(), t.targetRefs(), t.selectors(),
          listenerSetCandidates, GROUP, policyKind(), p.namespace()));
      routeTargets.add(PolicyTargets.resolve(ctx, t.targetRef(), t.targetRefs(), t.selectors(),
          routeCandidates, GROUP, policyKind(), p.namespace()));
      plainTargets.add(PolicyTargets.fromReferences(t.targetRef(), t.targetRefs(), p.namespace()));
    }
    buildParentPolicyMaps(policies, gatewayTargets, listenerSetTargets);

    for (int i = 0; i < policies.size(); i++) {
      for (TargetRef t : plainTargets.get(i)) {
        // As upstream, anything that is not a Gateway counts here (a ListenerSet too, resolving to no route).
        if (!"Gateway".equals(t.kind()) && t.sectionName() != null) {
          forRoute(handle(policies.get(i)), t);
        }
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (TargetRef t : routeTargets.get(i)) {
        if (!"Gateway".equals(t.kind()) && t.sectionName() == null) {
          forRoute(handle(policies.get(i)), t);
        }
      }
    }
    if (!ctx.resources.listenerSets().isEmpty()) {
      for (int i = 0; i < policies.size(); i++) {
        for (TargetRef t : plainTargets.get(i)) {
          if (t.isListenerSetListener()) {
            forListenerSet(handle(policies.get(i)), t);
          }
        }
      }
      for (int i = 0; i < policies.size(); i++) {
        for (TargetRef t : listenerSetTargets.get(i)) {
          if (t.isListenerSet()) {
            forListenerSet(handle(policies.get(i)), t);
          }
        }
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (TargetRef t : plainTargets.get(i)) {
        if (t.isListener()) {
          forGateway(handle(policies.get(i)), t);
        }
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (TargetRef t : gatewayTargets.get(i)) {
        if (t.isGateway()) {
          forGateway(handle(policies.get(i)), t);
        }
      }
    }
  }

  private void buildParentPolicyMaps(List<P> policies, List<List<TargetRef>> gatewayTargets,
      List<List<TargetRef>> listenerSetTargets) {
    for (int i = 0; i < policies.size(); i++) {
      for (TargetRef t : gatewayTargets.get(i)) {
        if (!"Gateway".equals(t.kind())) {
          continue;
        }
        String key = t.namespace() + "/" + t.name();
        PolicyAttachments.GatewayTarget g = attachments.gateways.get(key);
        if (g == null) {
          continue;
        }
        if (t.sectionName() != null && g.gateway.listeners().stream()
            .noneMatch(l -> !l.isFromListenerSet() && l.name().equals(t.sectionName()))) {
          continue;
        }
        gatewayPolicies.putIfAbsent(key + "/" + (t.sectionName() == null ? "" : t.sectionName()), policies.get(i));
      }
      for (TargetRef t : listenerSetTargets.get(i)) {
        if (!"ListenerSet".equals(t.kind())) {
          continue;
        }
        String key = t.namespace() + "/" + t.name();
        PolicyAttachments.ListenerSetTarget ls = attachments.listenerSets.get(key);
        if (ls == null) {
          continue;
        }
        if (t.sectionName() != null && !PolicyAttachments.listenerSetHasListener(ls.listenerSet, t.sectionName())) {
          continue;
        }
        listenerSetPolicies.putIfAbsent(key + "/" + (t.sectionName() == null ? "" : t.sectionName()), policies.get(i));
      }
    }
  }

  private void forRoute(P policy, TargetRef target) {
    var resolved = attachments.route(target, policyKind());
    if (resolved == null) {
      return;
    }
    RouteContext route = resolved.target();
    List<ParentReference> ancestors = new ArrayList<>();
    List<RouteParentContext> parents = new ArrayList<>();
    PolicyScope routeScope = PolicyScope.route(route.namespace(), route.name(), route.kind());
    for (ParentReference p : PolicyAttachments.managedParents(route)) {
      String ns = p.namespace() == null ? route.namespace() : p.namespace();
      if (p.kind() == null || "Gateway".equals(p.kind())) {
        overrides.add(p.sectionName() != null ? PolicyScope.gatewayListener(ns, p.name(), p.sectionName())
            : PolicyScope.gateway(ns, p.name()), routeScope);
        ancestors.add(TargetRef.gatewayAncestor(ns, p.name(), p.sectionName()));
        parents.add(route.parentContext(p));
      } else if ("ListenerSet".equals(p.kind())) {
        PolicyAttachments.ListenerSetTarget ls = attachments.listenerSets.get(ns + "/" + p.name());
        if (ls == null) {
          continue;
        }
        overrides.registerListenerSet(PolicyScope.listenerSet(ns, p.name()),
            PolicyScope.gateway(ls.gatewayNamespace(), ls.gatewayName()));
        overrides.add(p.sectionName() != null ? PolicyScope.listenerSetListener(ns, p.name(), p.sectionName())
            : PolicyScope.listenerSet(ns, p.name()), routeScope);
        ancestors.add(TargetRef.listenerSetAncestor(ns, p.name(), p.sectionName()));
        parents.add(route.parentContext(p));
      }
    }
    PolicyStatusBuilder status = status(policy);
    if (resolved.error() != null) {
      status.setAll(ancestors, controller, "Accepted", false, resolved.error().reason(), resolved.error().message());
      return;
    }
    String invalid = validateForRoute(policy, target);
    if (invalid != null) {
      status.setAll(ancestors, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(invalid));
      return;
    }
    if (mergeType(policy) == null) {
      String error = translateForRoute(policy, route, target, null);
      if (error != null) {
        status.setAll(ancestors, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
      }
    } else {
      for (RouteParentContext parent : parents) {
        for (ListenerContext listener : parent.listeners()) {
          GatewayContext gw = listener.gateway();
          ParentReference ancestor;
          P parentPolicy = null;
          PolicyScope parentScope = null;
          String gwKey = gw.namespace() + "/" + gw.name();
          if (listener.isFromListenerSet()) {
            String lsNs = listener.listenerSet().namespace();
            String lsName = listener.listenerSet().name();
            ancestor = TargetRef.listenerSetAncestor(lsNs, lsName, listener.name());
            String lsKey = lsNs + "/" + lsName;
            if (listenerSetPolicies.containsKey(lsKey + "/" + listener.name())) {
              parentPolicy = listenerSetPolicies.get(lsKey + "/" + listener.name());
              parentScope = PolicyScope.listenerSetListener(lsNs, lsName, listener.name());
            } else if (listenerSetPolicies.containsKey(lsKey + "/")) {
              parentPolicy = listenerSetPolicies.get(lsKey + "/");
              parentScope = PolicyScope.listenerSet(lsNs, lsName);
            } else if (gatewayPolicies.containsKey(gwKey + "/")) {
              parentPolicy = gatewayPolicies.get(gwKey + "/");
              parentScope = PolicyScope.gateway(gw.namespace(), gw.name());
            }
          } else {
            ancestor = TargetRef.gatewayAncestor(gw.namespace(), gw.name(), listener.name());
            if (gatewayPolicies.containsKey(gwKey + "/" + listener.name())) {
              parentPolicy = gatewayPolicies.get(gwKey + "/" + listener.name());
              parentScope = PolicyScope.gatewayListener(gw.namespace(), gw.name(), listener.name());
            } else if (gatewayPolicies.containsKey(gwKey + "/")) {
              parentPolicy = gatewayPolicies.get(gwKey + "/");
              parentScope = PolicyScope.gateway(gw.namespace(), gw.name());
            }
          }
          if (parentPolicy == null) {
            String error = translateForRoute(policy, route, target, listener);
            if (error != null) {
              status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
            }
            continue;
          }
          String error = translateForRouteWithMerge(policy, parentPolicy, target, listener, route);
          if (error != null) {
            status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
            continue;
          }
          merged.add(parentScope, routeScope);
          status.set(ancestor, controller, "Merged", true, "Merged",
              "Merged with policy " + parentPolicy.namespace() + "/" + parentPolicy.name());
        }
      }
    }
    status.acceptAll(ancestors, controller);
    deprecations(policy, status, ancestors);
    if (target.sectionName() != null) {
      return;
    }
    String overridden = attachments.overriddenRulesMessage(target);
    if (!overridden.isEmpty()) {
      status.setAll(ancestors, controller, "Overridden", true, "Overridden",
          "This policy is being overridden by other " + routeOverrideNoun() + " for " + overridden);
    }
  }

  private void deprecations(P policy, PolicyStatusBuilder status, List<ParentReference> ancestors) {
    Map<String, String> deprecated = deprecatedFields(policy);
    if (!deprecated.isEmpty()) {
      for (ParentReference a : ancestors) {
        status.warn(a, controller, "DeprecatedField", DeprecatedFields.message(deprecated));
      }
    }
    for (Warning w : warnings(policy)) {
      for (ParentReference a : ancestors) {
        status.warn(a, controller, w.reason(), w.message());
      }
    }
  }

  /** A {@code Warning} condition the translation of a policy raised (the policy is still accepted). */
  record Warning(String reason, String message) {}

  /** Warnings the translation of {@code policy} raised; none unless a kind has its own. */
  List<Warning> warnings(P policy) {
    return List.of();
  }

  private void forListenerSet(P policy, TargetRef target) {
    var resolved = attachments.listenerSet(target, policyKind());
    if (resolved == null) {
      return;
    }
    PolicyAttachments.ListenerSetTarget ls = resolved.target();
    PolicyAttachments.GatewayTarget gateway = attachments.gateways.get(ls.gatewayNamespace() + "/" + ls.gatewayName());
    if (gateway == null) {
      return;
    }
    String lsNs = ls.listenerSet.namespace();
    String lsName = ls.listenerSet.name();
    ParentReference ancestor = TargetRef.listenerSetAncestor(lsNs, lsName, target.sectionName());
    PolicyStatusBuilder status = status(policy);
    if (resolved.error() != null) {
      status.set(ancestor, controller, "Accepted", false, resolved.error().reason(), resolved.error().message());
      return;
    }
    PolicyScope gatewayScope = PolicyScope.gateway(ls.gatewayNamespace(), ls.gatewayName());
    if (target.sectionName() != null) {
      overrides.registerListenerSet(PolicyScope.listenerSet(lsNs, lsName), gatewayScope);
      overrides.add(PolicyScope.listenerSet(lsNs, lsName),
          PolicyScope.listenerSetListener(lsNs, lsName, target.sectionName()));
    } else {
      overrides.add(gatewayScope, PolicyScope.listenerSet(lsNs, lsName));
    }
    List<ListenerContext> listeners = new ArrayList<>();
    for (ListenerContext l : gateway.gateway.listeners()) {
      if (!l.isFromListenerSet() || !l.listenerSet().namespace().equals(lsNs) || !l.listenerSet().name().equals(lsName)) {
        continue;
      }
      if (target.sectionName() != null && !l.name().equals(target.sectionName())) {
        continue;
      }
      listeners.add(l);
    }
    String error = translateForListeners(policy, gateway.gateway, listeners, false);
    if (error != null) {
      status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
    }
    status.accept(ancestor, controller);
    if (listenerSetDeprecationsFirst()) {
      deprecations(policy, status, List.of(ancestor));
    }
    PolicyScope own = target.sectionName() == null ? PolicyScope.listenerSet(lsNs, lsName)
        : PolicyScope.listenerSetListener(lsNs, lsName, target.sectionName());
    mergedAndOverridden(status, ancestor, own);
    if (!listenerSetDeprecationsFirst()) {
      deprecations(policy, status, List.of(ancestor));
    }
  }

  private void mergedAndOverridden(PolicyStatusBuilder status, ParentReference ancestor, PolicyScope own) {
    Set<PolicyScope> mergedScopes = merged.directChildren(own);
    String mergedMessage = PolicyScopeGraph.format(mergedScopes);
    Set<PolicyScope> overriding = new LinkedHashSet<>(overrides.withDescendants(own));
    overriding.removeAll(mergedScopes);
    String overriddenMessage = PolicyScopeGraph.format(overriding);
    if (!mergedMessage.isEmpty()) {
      status.set(ancestor, controller, "Merged", true, "Merged",
          "This policy is being merged by other " + scopeNoun() + " for " + mergedMessage);
    }
    if (!overriddenMessage.isEmpty()) {
      status.set(ancestor, controller, "Overridden", true, "Overridden",
          "This policy is being overridden by other " + scopeNoun() + " for " + overriddenMessage);
    }
  }

  private void forGateway(P policy, TargetRef target) {
    var resolved = attachments.gateway(target, policyKind());
    if (resolved == null) {
      return;
    }
    GatewayContext gateway = resolved.target();
    ParentReference ancestor = TargetRef.gatewayAncestor(gateway.namespace(), gateway.name(), target.sectionName());
    PolicyStatusBuilder status = status(policy);
    if (resolved.error() != null) {
      status.set(ancestor, controller, "Accepted", false, resolved.error().reason(), resolved.error().message());
      return;
    }
    if (target.sectionName() != null) {
      overrides.add(PolicyScope.gateway(gateway.namespace(), gateway.name()),
          PolicyScope.gatewayListener(gateway.namespace(), gateway.name(), target.sectionName()));
    }
    List<ListenerContext> listeners = new ArrayList<>();
    for (ListenerContext l : gateway.listeners()) {
      if (target.sectionName() != null && (l.isFromListenerSet() || !l.name().equals(target.sectionName()))) {
        continue;
      }
      listeners.add(l);
    }
    String error = translateForListeners(policy, gateway, listeners, target.sectionName() == null);
    if (error != null) {
      status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
    }
    status.accept(ancestor, controller);
    if (gatewayDeprecationsFirst()) {
      deprecations(policy, status, List.of(ancestor));
    }
    PolicyScope own = target.sectionName() == null ? PolicyScope.gateway(gateway.namespace(), gateway.name())
        : PolicyScope.gatewayListener(gateway.namespace(), gateway.name(), target.sectionName());
    mergedAndOverridden(status, ancestor, own);
    if (!gatewayDeprecationsFirst()) {
      deprecations(policy, status, List.of(ancestor));
    }
  }

  /** Every policy processed, with its status. */
  private List<P> withStatus() {
    List<P> out = new ArrayList<>();
    for (P p : handled) {
      PolicyStatusBuilder s = statuses.get(p);
      s.truncate(controller);
      out.add(withStatus(p, s.build()));
    }
    return out;
  }
}

package dev.attache.control.gatewayapi.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.gatewayapi.attachment.PolicyTargets;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.UdpListenerDraft;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.route.Routes;
import dev.attache.control.gatewayapi.status.PolicyStatusBuilder;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.envoygateway.TargetSelector;
import dev.attache.control.resource.gatewayapi.LocalPolicyTargetReferenceWithSectionName;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.PolicyStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies of kinds an extension server introduced: attached to the HTTP and gRPC routes (or
 * rules), listeners and Gateways they target, for the extension hooks to read. The translator
 * does not interpret them; it resolves their targets, carries each whole in the IR (the
 * gateway's {@code extensionServerPolicies}, the listeners' and routes' references) and sets
 * their status. As Envoy Gateway's {@code ProcessExtensionServerPolicies}, including its sharing:
 * the IR holds the very policy object whose status is filled in afterwards, so every reference
 * shows the final status.
 */
final class ExtensionServerPolicies implements PolicyStage {
  private static final ResourceReader READER = ResourceReader.create().lenient();

  private final TranslationContext ctx;
  private final Gateways gateways;
  private final Map<String, Handled> handled = new LinkedHashMap<>();

  /** A policy in process: its shared object (referenced from the IR) and its status so far. */
  private static final class Handled {
    final ObjectNode object;
    final PolicyStatusBuilder status;

    Handled(ObjectNode object, PolicyStatusBuilder status) {
      this.object = object;
      this.status = status;
    }
  }

  /** A policy with its parsed target references. */
  private record Policy(UnstructuredObject source, String group, String kind, String key,
      LocalPolicyTargetReferenceWithSectionName targetRef, List<LocalPolicyTargetReferenceWithSectionName> targetRefs,
      List<TargetSelector> targetSelectors) {
  }

  ExtensionServerPolicies(TranslationContext ctx, Gateways gateways) {
    this.ctx = ctx;
    this.gateways = gateways;
  }

  @Override
  public PolicyStatuses apply(Routes routes) {
    run(routes.all());
    return PolicyStatuses.ofExtensionServer(withStatus());
  }

  private void run(List<RouteContext> routes) {
    List<Policy> policies = new ArrayList<>();
    for (UnstructuredObject o : ctx.resources.extensionServerPolicies()) {
      Policy p = parse(o);
      if (p != null) {
        policies.add(p);
      }
    }
    if (policies.isEmpty()) {
      return;
    }
    Map<String, RouteContext> routeByKey = new HashMap<>();
    List<PolicyTargets.Candidate> routeCandidates = new ArrayList<>();
    for (RouteContext r : routes) {
      routeByKey.put(r.kind() + "/" + r.namespace() + "/" + r.name(), r);
      routeCandidates.add(new PolicyTargets.Candidate(r.route(), TargetRef.GATEWAY_GROUP, r.kind()));
    }
    Map<String, GatewayContext> gatewayByKey = new HashMap<>();
    List<PolicyTargets.Candidate> gatewayCandidates = new ArrayList<>();
    for (GatewayContext g : gateways.accepted()) {
      gatewayByKey.put(g.namespace() + "/" + g.name(), g);
      gatewayCandidates.add(new PolicyTargets.Candidate(g.gateway(), TargetRef.GATEWAY_GROUP, "Gateway"));
    }
    for (Policy p : policies) {
      for (TargetRef t : explicit(p)) {
        if (t.isRouteRule()) {
          forRoute(p, t, routeByKey);
        }
      }
    }
    for (Policy p : policies) {
      for (TargetRef t : selected(p, routeCandidates)) {
        if (!t.kind().equals("Gateway") && t.sectionName() == null) {
          forRoute(p, t, routeByKey);
        }
      }
    }
    for (Policy p : policies) {
      for (TargetRef t : explicit(p)) {
        if (t.isListener()) {
          forGateway(p, t, gatewayByKey);
        }
      }
    }
    for (Policy p : policies) {
      for (TargetRef t : selected(p, gatewayCandidates)) {
        if (t.isGateway()) {
          forGateway(p, t, gatewayByKey);
        }
      }
    }
    for (Handled h : handled.values()) {
      if (!h.status.ancestors().isEmpty()) {
        h.object.set("status", IrWriter.toTree(h.status.build()));
      }
    }
  }

  /** The policies that reached an ancestor, with their status, in the order they were first handled. */
  private List<UnstructuredObject> withStatus() {
    List<UnstructuredObject> out = new ArrayList<>();
    for (Handled h : handled.values()) {
      if (!h.status.ancestors().isEmpty()) {
        out.add(new UnstructuredObject(h.object));
      }
    }
    return out;
  }

  private Policy parse(UnstructuredObject o) {
    ObjectNode c = o.content();
    JsonNode spec = c.get("spec");
    if (spec == null || !spec.isObject()) {
      return null;
    }
    LocalPolicyTargetReferenceWithSectionName targetRef;
    List<LocalPolicyTargetReferenceWithSectionName> targetRefs;
    List<TargetSelector> selectors;
    try {
      var mapper = READER.mapper();
      targetRef = spec.hasNonNull("targetRef")
          ? mapper.treeToValue(spec.get("targetRef"), LocalPolicyTargetReferenceWithSectionName.class) : null;
      targetRefs = spec.hasNonNull("targetRefs")
          ? List.of(mapper.treeToValue(spec.get("targetRefs"), LocalPolicyTargetReferenceWithSectionName[].class))
          : List.of();
      selectors = spec.hasNonNull("targetSelectors")
          ? List.of(mapper.treeToValue(spec.get("targetSelectors"), TargetSelector[].class)) : List.of();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
    boolean single = targetRef != null && notEmpty(targetRef.group()) && notEmpty(targetRef.kind())
        && notEmpty(targetRef.name());
    if (!single && targetRefs.isEmpty() && selectors.isEmpty()) {
      return null;
    }
    String apiVersion = c.path("apiVersion").asText("");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String kind = c.path("kind").asText("");
    return new Policy(o, group, kind, apiVersion + "/" + kind + "/" + o.namespace() + "/" + o.name(), targetRef,
        targetRefs, selectors);
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static List<TargetRef> explicit(Policy p) {
    return PolicyTargets.fromReferences(p.targetRef(), p.targetRefs(), p.source().namespace());
  }

  private List<TargetRef> selected(Policy p, List<PolicyTargets.Candidate> candidates) {
    return PolicyTargets.resolve(ctx, p.targetRef(), p.targetRefs(), p.targetSelectors(), candidates, p.group(),
        p.kind(), p.source().namespace());
  }

  private Handled handle(Policy p) {
    return handled.computeIfAbsent(p.key(), k -> {
      ObjectNode object = p.source().content().deepCopy();
      PolicyStatus existing = null;
      if (object.hasNonNull("status")) {
        try {
          existing = READER.mapper().treeToValue(object.get("status"), PolicyStatus.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
          existing = null;
        }
      }
      long generation = object.path("metadata").path("generation").asLong(0);
      return new Handled(object, new PolicyStatusBuilder(existing, generation));
    });
  }

  private void forRoute(Policy p, TargetRef target, Map<String, RouteContext> routes) {
    RouteContext route = routes.get(target.kind() + "/" + target.namespace() + "/" + target.name());
    if (route == null) {
      return;
    }
    String resolveError = null;
    if (target.sectionName() != null && !route.hasRuleNamed(target.sectionName())) {
      resolveError = "No section name " + target.sectionName() + " found for " + target.kind() + " "
          + target.namespace() + "/" + target.name();
    }
    Handled h = handle(p);
    boolean supported = route.kind().equals("HTTPRoute") || route.kind().equals("GRPCRoute");
    String controller = ctx.settings.controllerName();
    for (ParentReference ref : route.parentRefs()) {
      RouteParentContext parent = route.parentContext(ref);
      if (parent == null || parent.gateway() == null) {
        continue;
      }
      GatewayContext gateway = parent.gateway();
      XdsDraft xds = gateways.ir().xds(gateway);
      if (xds == null) {
        continue;
      }
      ParentReference ancestor = TargetRef.gatewayAncestor(gateway.namespace(), gateway.name(), ref.sectionName());
      if (!supported) {
        h.status.set(ancestor, controller, "Accepted", false, "Invalid",
            "ExtensionServerPolicy does not support targeting " + route.kind());
        continue;
      }
      if (resolveError != null) {
        h.status.set(ancestor, controller, "Accepted", false, "TargetNotFound", resolveError);
        continue;
      }
      boolean found = false;
      String prefix = Names.routePrefix(route);
      for (ListenerContext listener : parent.listeners()) {
        HttpListenerDraft irListener = xds.httpListener(Names.listener(listener));
        if (irListener == null) {
          continue;
        }
        for (int i = 0; i < irListener.routes.size(); i++) {
          HttpRoute r = irListener.routes.get(i);
          String section = r.metadata() == null ? null : r.metadata().sectionName();
          if (target.sectionName() != null && !target.sectionName().equals(section)) {
            continue;
          }
          if (!r.name().startsWith(prefix)) {
            continue;
          }
          irListener.routes.set(i, r.withExtensionServerPolicies(appendIfAbsent(r.extensionServerPolicies(), h.object)));
          found = true;
        }
      }
      if (found) {
        h.status.accept(ancestor, controller);
      }
    }
  }

  private void forGateway(Policy p, TargetRef target, Map<String, GatewayContext> gatewayByKey) {
    GatewayContext gateway = gatewayByKey.get(target.namespace() + "/" + target.name());
    if (gateway == null) {
      return;
    }
    Handled h = handle(p);
    XdsDraft xds = gateways.ir().xds(gateway);
    if (xds.extensionServerPolicies.stream().noneMatch(r -> r.object() == h.object)) {
      xds.extensionServerPolicies.add(new UnstructuredRef(h.object));
    }
    boolean found = false;
    for (HttpListenerDraft l : xds.http) {
      if (sectionMatches(target, l.name)) {
        l.extensionRefs.add(new UnstructuredRef(h.object));
        found = true;
      }
    }
    for (TcpListenerDraft l : xds.tcp) {
      if (sectionMatches(target, l.name)) {
        l.extensionRefs.add(new UnstructuredRef(h.object));
        found = true;
      }
    }
    for (UdpListenerDraft l : xds.udp) {
      if (sectionMatches(target, l.name)) {
        l.extensionRefs.add(new UnstructuredRef(h.object));
        found = true;
      }
    }
    if (found) {
      h.status.accept(TargetRef.gatewayAncestor(gateway.namespace(), gateway.name(), target.sectionName()),
          ctx.settings.controllerName());
    }
  }

  private static boolean sectionMatches(TargetRef target, String irListenerName) {
    return target.sectionName() == null
        || target.sectionName().equals(irListenerName.substring(irListenerName.lastIndexOf('/') + 1));
  }

  private static List<UnstructuredRef> appendIfAbsent(List<UnstructuredRef> refs, ObjectNode object) {
    for (UnstructuredRef r : refs) {
      if (r.object() == object) {
        return refs;
      }
    }
    List<UnstructuredRef> out = new ArrayList<>(refs);
    out.add(new UnstructuredRef(object));
    return out;
  }
}

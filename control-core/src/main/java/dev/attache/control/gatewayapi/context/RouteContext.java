package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.gatewayapi.GRPCRoute;
import dev.attache.control.resource.gatewayapi.GRPCRouteStatus;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.gatewayapi.HTTPRouteStatus;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.RouteParentStatus;
import dev.attache.control.resource.gatewayapi.TCPRoute;
import dev.attache.control.resource.gatewayapi.TCPRouteStatus;
import dev.attache.control.resource.gatewayapi.TLSRoute;
import dev.attache.control.resource.gatewayapi.TLSRouteStatus;
import dev.attache.control.resource.gatewayapi.UDPRoute;
import dev.attache.control.resource.gatewayapi.UDPRouteStatus;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route of any kind during a translation: its parent references, the per-parent status it is
 * building and the listeners each parent reference selected (Envoy Gateway's route contexts).
 */
public final class RouteContext {
  private final KubernetesObject route;
  private final String kind;
  private final List<ParentState> parents = new ArrayList<>();
  private final List<RouteParentContext> parentContexts = new ArrayList<>();

  public RouteContext(KubernetesObject route) {
    this.route = requireNonNull(route, "route");
    this.kind = switch (route) {
      case HTTPRoute r -> "HTTPRoute";
      case GRPCRoute r -> "GRPCRoute";
      case TLSRoute r -> "TLSRoute";
      case TCPRoute r -> "TCPRoute";
      case UDPRoute r -> "UDPRoute";
      default -> throw new IllegalArgumentException("not a route: " + route.getClass());
    };
    for (RouteParentStatus s : existingParents()) {
      parents.add(new ParentState(s.parentRef(), s.controllerName(), s.conditions()));
    }
  }

  public KubernetesObject route() {
    return route;
  }

  /** {@code HTTPRoute}, {@code GRPCRoute}, {@code TLSRoute}, {@code TCPRoute} or {@code UDPRoute}. */
  public String kind() {
    return kind;
  }

  public String namespace() {
    return route.namespace();
  }

  public String name() {
    return route.name();
  }

  public long generation() {
    return route.metadata() == null || route.metadata().generation() == null ? 0 : route.metadata().generation();
  }

  public Map<String, String> annotations() {
    return route.metadata() == null || route.metadata().annotations() == null
        ? Map.of() : route.metadata().annotations();
  }

  public List<ParentReference> parentRefs() {
    List<ParentReference> refs = switch (route) {
      case HTTPRoute r -> r.spec() == null ? null : r.spec().parentRefs();
      case GRPCRoute r -> r.spec() == null ? null : r.spec().parentRefs();
      case TLSRoute r -> r.spec() == null ? null : r.spec().parentRefs();
      case TCPRoute r -> r.spec() == null ? null : r.spec().parentRefs();
      case UDPRoute r -> r.spec() == null ? null : r.spec().parentRefs();
      default -> null;
    };
    return refs == null ? List.of() : refs;
  }

  /** The route's hostnames (none for TCP and UDP routes). */
  public List<String> hostnames() {
    List<String> h = switch (route) {
      case HTTPRoute r -> r.spec() == null ? null : r.spec().hostnames();
      case GRPCRoute r -> r.spec() == null ? null : r.spec().hostnames();
      case TLSRoute r -> r.spec() == null ? null : r.spec().hostnames();
      default -> null;
    };
    return h == null ? List.of() : h;
  }

  /** The names of the route's rules ({@code null} for unnamed rules). */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>();
    switch (route) {
      case HTTPRoute r -> { if (r.spec() != null && r.spec().rules() != null) r.spec().rules().forEach(x -> names.add(x.name())); }
      case GRPCRoute r -> { if (r.spec() != null && r.spec().rules() != null) r.spec().rules().forEach(x -> names.add(x.name())); }
      case TLSRoute r -> { if (r.spec() != null && r.spec().rules() != null) r.spec().rules().forEach(x -> names.add(x.name())); }
      case TCPRoute r -> { if (r.spec() != null && r.spec().rules() != null) r.spec().rules().forEach(x -> names.add(x.name())); }
      case UDPRoute r -> { if (r.spec() != null && r.spec().rules() != null) r.spec().rules().forEach(x -> names.add(x.name())); }
      default -> { }
    }
    return names;
  }

  public boolean hasRuleNamed(String sectionName) {
    return ruleNames().contains(sectionName);
  }

  private List<RouteParentStatus> existingParents() {
    List<RouteParentStatus> p = switch (route) {
      case HTTPRoute r -> r.status() == null ? null : r.status().parents();
      case GRPCRoute r -> r.status() == null ? null : r.status().parents();
      case TLSRoute r -> r.status() == null ? null : r.status().parents();
      case TCPRoute r -> r.status() == null ? null : r.status().parents();
      case UDPRoute r -> r.status() == null ? null : r.status().parents();
      default -> null;
    };
    return p == null ? List.of() : p;
  }

  /** The parent contexts created so far, in parent reference order. */
  public List<RouteParentContext> parentContexts() {
    return parentContexts;
  }

  /** The context of a parent reference of this route (by identity), or null when it has none. */
  public RouteParentContext parentContext(ParentReference ref) {
    for (RouteParentContext c : parentContexts) {
      if (c.parentRef() == ref) {
        return c;
      }
    }
    return null;
  }

  /**
   * The context of {@code ref}, creating it (and its entry in the route's status, unless the
   * status already has one for an equal reference) when it does not exist yet.
   */
  public RouteParentContext parentContext(ParentReference ref, String controllerName) {
    RouteParentContext existing = parentContext(ref);
    if (existing != null) {
      return existing;
    }
    ParentState state = null;
    for (ParentState p : parents) {
      if (sameParent(p.parentRef, ref, namespace())) {
        state = p;
        break;
      }
    }
    if (state == null) {
      state = new ParentState(ref, controllerName, null);
      parents.add(state);
    }
    RouteParentContext ctx = new RouteParentContext(this, ref, state);
    parentContexts.add(ctx);
    return ctx;
  }

  /** Whether two parent references name the same parent, with Gateway API's defaults. */
  public static boolean sameParent(ParentReference a, ParentReference b, String routeNamespace) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(orDefault(a.group(), "gateway.networking.k8s.io"), orDefault(b.group(), "gateway.networking.k8s.io"))
        && Objects.equals(orDefault(a.kind(), "Gateway"), orDefault(b.kind(), "Gateway"))
        && Objects.equals(a.name(), b.name())
        && Objects.equals(orDefault(a.namespace(), routeNamespace), orDefault(b.namespace(), routeNamespace))
        && Objects.equals(a.sectionName(), b.sectionName())
        && (a.sectionName() == null || Objects.equals(a.port(), b.port()));
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** The route with the status this translation computed. */
  public KubernetesObject withStatus() {
    List<RouteParentStatus> statuses = new ArrayList<>(parents.size());
    for (ParentState p : parents) {
      statuses.add(new RouteParentStatus(p.parentRef, p.controllerName, p.conditions.toList()));
    }
    List<RouteParentStatus> list = statuses.isEmpty() ? null : statuses;
    return switch (route) {
      case HTTPRoute r -> new HTTPRoute(r.apiVersion(), r.kind(), r.metadata(), r.spec(), new HTTPRouteStatus(list));
      case GRPCRoute r -> new GRPCRoute(r.apiVersion(), r.kind(), r.metadata(), r.spec(), new GRPCRouteStatus(list));
      case TLSRoute r -> new TLSRoute(r.apiVersion(), r.kind(), r.metadata(), r.spec(), new TLSRouteStatus(list));
      case TCPRoute r -> new TCPRoute(r.apiVersion(), r.kind(), r.metadata(), r.spec(), new TCPRouteStatus(list));
      case UDPRoute r -> new UDPRoute(r.apiVersion(), r.kind(), r.metadata(), r.spec(), new UDPRouteStatus(list));
      default -> route;
    };
  }

  /** One entry of the route's {@code status.parents}. */
  public static final class ParentState {
    final ParentReference parentRef;
    final String controllerName;
    public final Conditions conditions;

    ParentState(ParentReference parentRef, String controllerName, List<dev.attache.control.resource.meta.Condition> existing) {
      this.parentRef = parentRef;
      this.controllerName = controllerName;
      this.conditions = new Conditions(existing);
    }
  }
}

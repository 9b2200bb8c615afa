package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.PolicyScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which policy scopes override (or merge into) which: edges from a parent scope to the child
 * scopes whose policies displace it, plus the structural containment (listener in Gateway,
 * ListenerSet in Gateway, rule in route) needed to find the children of a whole resource. As
 * Envoy Gateway's {@code policyScopeGraph}.
 */
final class PolicyScopeGraph {
  private final Map<PolicyScope, Set<PolicyScope>> children = new HashMap<>();
  private final Map<PolicyScope, Set<PolicyScope>> contained = new HashMap<>();

  void add(PolicyScope parent, PolicyScope child) {
    children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(child);
    switch (parent.kind()) {
      case GATEWAY_LISTENER, LISTENER_SET_LISTENER, ROUTE_RULE ->
          contained.computeIfAbsent(parent.resource(), k -> new LinkedHashSet<>()).add(parent);
      default -> { }
    }
  }

  void registerListenerSet(PolicyScope listenerSet, PolicyScope gateway) {
    contained.computeIfAbsent(gateway, k -> new LinkedHashSet<>()).add(listenerSet);
  }

  Set<PolicyScope> directChildren(PolicyScope parent) {
    return new LinkedHashSet<>(children.getOrDefault(parent, Set.of()));
  }

  /** The children of the scope and of everything it contains; a listener also inherits routes attached to its resource. */
  Set<PolicyScope> withDescendants(PolicyScope parent) {
    Set<PolicyScope> out = directChildren(parent);
    switch (parent.kind()) {
      case GATEWAY, LISTENER_SET, ROUTE -> {
        for (PolicyScope desc : contained.getOrDefault(parent, Set.of())) {
          out.addAll(children.getOrDefault(desc, Set.of()));
          if (desc.kind() == PolicyScope.Kind.LISTENER_SET) {
            for (PolicyScope sub : contained.getOrDefault(desc, Set.of())) {
              out.addAll(children.getOrDefault(sub, Set.of()));
            }
          }
        }
      }
      case GATEWAY_LISTENER, LISTENER_SET_LISTENER -> {
        for (PolicyScope child : children.getOrDefault(parent.resource(), Set.of())) {
          if (child.kind() == PolicyScope.Kind.ROUTE) {
            out.add(child);
          }
        }
      }
      default -> { }
    }
    return out;
  }

  /**
   * A status message naming scopes by kind: "these gateway listeners: [..] and these routes: [..]",
   * each list sorted; empty when there are none.
   */
  static String format(Set<PolicyScope> scopes) {
    if (scopes.isEmpty()) {
      return "";
    }
    Map<PolicyScope.Kind, List<String>> byKind = new TreeMap<>();
    for (PolicyScope s : scopes) {
      String entry = s.namespace() + "/" + s.name();
      if (!s.section().isEmpty()) {
        entry += "/" + s.section();
      }
      byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(entry);
    }
    List<String> parts = new ArrayList<>();
    String[][] order = {
      {"GATEWAY_LISTENER", "these gateway listeners"},
      {"LISTENER_SET", "these listenersets"},
      {"LISTENER_SET_LISTENER", "these listenerset listeners"},
      {"ROUTE", "these routes"},
      {"ROUTE_RULE", "these route rules"},
    };
    for (String[] o : order) {
      List<String> list = byKind.get(PolicyScope.Kind.valueOf(o[0]));
      if (list != null) {
        list.sort(null);
        parts.add(o[1] + ": " + RouteTranslationLists.goList(list));
      }
    }
    return String.join(" and ", parts);
  }
}

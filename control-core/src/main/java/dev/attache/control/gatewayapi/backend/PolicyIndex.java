package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.attachment.PolicyScope;
import java.util.HashMap;
import java.util.Map;

/**
 * One value a policy sets, resolved for a route rule through the attachment order policies
 * use: route rule, route, then (ListenerSet) listener, ListenerSet, Gateway; the first policy
 * on a scope wins. An entry that is not effective falls through to its parent scope (a route
 * policy that merges with its parent and leaves the value unset). As Envoy Gateway's
 * {@code policyIndex}.
 */
final class PolicyIndex<T> {
  private record Entry<T>(T value, boolean effective) {}

  private final Map<PolicyScope, Entry<T>> entries = new HashMap<>();

  private void putFirst(PolicyScope scope, Entry<T> entry) {
    entries.putIfAbsent(scope, entry);
  }

  private static boolean routeEffective(Object value, String mergeType, Object zero) {
    return (value != null && !value.equals(zero)) || mergeType == null;
  }

  void setRouteRule(String namespace, String name, String routeKind, String rule, T value, String mergeType, T zero) {
    putFirst(PolicyScope.routeRule(namespace, name, routeKind, rule),
        new Entry<>(value, routeEffective(value, mergeType, zero)));
  }

  void setRoute(String namespace, String name, String routeKind, T value, String mergeType, T zero) {
    putFirst(PolicyScope.route(namespace, name, routeKind), new Entry<>(value, routeEffective(value, mergeType, zero)));
  }

  void setGatewayListener(String namespace, String name, String listener, T value, boolean hasValue) {
    putFirst(PolicyScope.gatewayListener(namespace, name, listener), new Entry<>(value, hasValue));
  }

  void setGateway(String namespace, String name, T value) {
    putFirst(PolicyScope.gateway(namespace, name), new Entry<>(value, true));
  }

  void setListenerSetListener(String namespace, String name, String listener, T value, boolean hasValue) {
    putFirst(PolicyScope.listenerSetListener(namespace, name, listener), new Entry<>(value, hasValue));
  }

  void setListenerSet(String namespace, String name, T value, boolean hasValue) {
    putFirst(PolicyScope.listenerSet(namespace, name), new Entry<>(value, hasValue));
  }

  /** The value and whether a route or rule entry itself supplied it. */
  record Result<T>(T value, boolean replacesParent) {}

  Result<T> lookup(String routeKind, String routeNamespace, String routeName, String gatewayNamespace,
      String gatewayName, String listenerName, String listenerSetNamespace, String listenerSetName, String ruleName) {
    if (ruleName != null) {
      Entry<T> e = entries.get(PolicyScope.routeRule(routeNamespace, routeName, routeKind, ruleName));
      if (e != null) {
        return resolve(e, gatewayNamespace, gatewayName, listenerName, listenerSetNamespace, listenerSetName);
      }
    }
    Entry<T> e = entries.get(PolicyScope.route(routeNamespace, routeName, routeKind));
    if (e != null) {
      return resolve(e, gatewayNamespace, gatewayName, listenerName, listenerSetNamespace, listenerSetName);
    }
    return new Result<>(parents(gatewayNamespace, gatewayName, listenerName, listenerSetNamespace, listenerSetName),
        false);
  }

  /** The scope's own value when effective, else null. */
  T exact(PolicyScope scope) {
    Entry<T> e = entries.get(scope);
    return e != null && e.effective() ? e.value() : null;
  }

  private Result<T> resolve(Entry<T> e, String gwNs, String gwName, String listener, String lsNs, String lsName) {
    if (e.effective()) {
      return new Result<>(e.value(), true);
    }
    return new Result<>(parents(gwNs, gwName, listener, lsNs, lsName), false);
  }

  private T parents(String gwNs, String gwName, String listener, String lsNs, String lsName) {
    if (lsName != null) {
      if (listener != null) {
        Entry<T> e = entries.get(PolicyScope.listenerSetListener(lsNs, lsName, listener));
        if (e != null && e.effective()) {
          return e.value();
        }
      }
      Entry<T> e = entries.get(PolicyScope.listenerSet(lsNs, lsName));
      if (e != null && e.effective()) {
        return e.value();
      }
    } else if (listener != null) {
      Entry<T> e = entries.get(PolicyScope.gatewayListener(gwNs, gwName, listener));
      if (e != null && e.effective()) {
        return e.value();
      }
    }
    return exact(PolicyScope.gateway(gwNs, gwName));
  }
}

package dev.attache.control.gatewayapi.attachment;

/**
 * Where a policy attaches: a Gateway, one of its listeners, a ListenerSet, one of its listeners,
 * a route (of a kind) or one of its rules. Scopes of the same kind and name compare equal.
 */
public record PolicyScope(Kind kind, String namespace, String name, String section, String routeKind) {
  public enum Kind { GATEWAY, GATEWAY_LISTENER, LISTENER_SET, LISTENER_SET_LISTENER, ROUTE, ROUTE_RULE }

  public static PolicyScope gateway(String namespace, String name) {
    return new PolicyScope(Kind.GATEWAY, namespace, name, "", "");
  }

  public static PolicyScope gatewayListener(String namespace, String name, String section) {
    return new PolicyScope(Kind.GATEWAY_LISTENER, namespace, name, section, "");
  }

  public static PolicyScope listenerSet(String namespace, String name) {
    return new PolicyScope(Kind.LISTENER_SET, namespace, name, "", "");
  }

  public static PolicyScope listenerSetListener(String namespace, String name, String section) {
    return new PolicyScope(Kind.LISTENER_SET_LISTENER, namespace, name, section, "");
  }

  public static PolicyScope route(String namespace, String name, String routeKind) {
    return new PolicyScope(Kind.ROUTE, namespace, name, "", routeKind);
  }

  public static PolicyScope routeRule(String namespace, String name, String routeKind, String section) {
    return new PolicyScope(Kind.ROUTE_RULE, namespace, name, section, routeKind);
  }

  /** The whole resource a section scope belongs to (a listener's Gateway, a rule's route); itself otherwise. */
  public PolicyScope resource() {
    return switch (kind) {
      case GATEWAY_LISTENER -> gateway(namespace, name);
      case LISTENER_SET_LISTENER -> listenerSet(namespace, name);
      case ROUTE_RULE -> route(namespace, name, routeKind);
      default -> this;
    };
  }
}

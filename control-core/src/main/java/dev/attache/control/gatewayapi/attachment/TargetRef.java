package dev.attache.control.gatewayapi.attachment;

import dev.attache.control.resource.gatewayapi.ParentReference;

/**
 * A resolved policy target: a Gateway, ListenerSet or route in a namespace, optionally one of
 * its sections (listener or rule).
 */
public record TargetRef(String group, String kind, String name, String namespace, String sectionName) {
  public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  public boolean isGateway() {
    return "Gateway".equals(kind) && sectionName == null;
  }

  public boolean isListener() {
    return "Gateway".equals(kind) && sectionName != null;
  }

  public boolean isListenerSet() {
    return "ListenerSet".equals(kind) && sectionName == null;
  }

  public boolean isListenerSetListener() {
    return "ListenerSet".equals(kind) && sectionName != null;
  }

  public boolean isRoute() {
    return !"Gateway".equals(kind) && !"ListenerSet".equals(kind) && sectionName == null;
  }

  public boolean isRouteRule() {
    return !"Gateway".equals(kind) && !"ListenerSet".equals(kind) && sectionName != null;
  }

  /** The ancestor reference of a Gateway (or one of its listeners) in a policy's status. */
  public static ParentReference gatewayAncestor(String namespace, String name, String section) {
    return new ParentReference(GATEWAY_GROUP, "Gateway", namespace, name, section, null);
  }

  /** The ancestor reference of a ListenerSet (or one of its listeners) in a policy's status. */
  public static ParentReference listenerSetAncestor(String namespace, String name, String section) {
    return new ParentReference(GATEWAY_GROUP, "ListenerSet", namespace, name, section, null);
  }
}

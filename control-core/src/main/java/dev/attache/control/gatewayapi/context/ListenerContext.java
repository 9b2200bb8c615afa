package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.status.ListenerConditions;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.gatewayapi.Listener;
import dev.attache.control.resource.gatewayapi.RouteGroupKind;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One listener of a Gateway (or of a ListenerSet attached to it) during a translation: its
 * spec, its status, and what validation learnt about it (Envoy Gateway's
 * {@code ListenerContext}).
 */
public final class ListenerContext {
  public static final String ROUTE_GROUP = "gateway.networking.k8s.io";

  private final Listener listener;
  private final GatewayContext gateway;
  private final ListenerSetContext listenerSet;
  private final ListenerState state;

  /** The namespace selector of {@code allowedRoutes}, set when the listener stage validates it. */
  public Predicate<Map<String, String>> namespaceSelector;

  public ListenerContext(Listener listener, GatewayContext gateway, ListenerSetContext listenerSet) {
    this.listener = requireNonNull(listener, "listener");
    this.gateway = requireNonNull(gateway, "gateway");
    this.listenerSet = listenerSet;
    this.state = new ListenerState(listener.name());
  }

  public Listener spec() {
    return listener;
  }

  public String name() {
    return listener.name() == null ? "" : listener.name();
  }

  /** The hostname, or null when the listener has none. */
  public String hostname() {
    return listener.hostname() == null || listener.hostname().isEmpty() ? null : listener.hostname();
  }

  public int port() {
    return listener.port() == null ? 0 : listener.port();
  }

  public String protocol() {
    return listener.protocol() == null ? "" : listener.protocol();
  }

  public GatewayContext gateway() {
    return gateway;
  }

  /** The ListenerSet the listener belongs to, or null when it is the Gateway's own. */
  public ListenerSetContext listenerSet() {
    return listenerSet;
  }

  public boolean isFromListenerSet() {
    return listenerSet != null;
  }

  public ListenerState state() {
    return state;
  }

  /** The namespace routes are compared against: the Gateway's or the ListenerSet's. */
  public String namespace() {
    return listenerSet != null ? listenerSet.namespace() : gateway.namespace();
  }

  public void setCondition(String type, boolean status, String reason, String message) {
    String r = reason;
    long generation;
    if (listenerSet != null) {
      if (reason.equals(ListenerConditions.REASON_INVALID)) {
        r = "ListenersNotValid";
      }
      generation = listenerSet.generation();
    } else {
      generation = gateway.generation();
    }
    state.conditions.set(type, status, r, message, generation);
  }

  public void setSupportedKinds(List<RouteGroupKind> kinds) {
    state.supportedKinds = List.copyOf(kinds);
  }

  public void incrementAttachedRoutes() {
    state.attachedRoutes++;
  }

  public boolean allowsKind(String group, String kind) {
    if (state.supportedKinds == null) {
      return false;
    }
    String g = group == null || group.isEmpty() ? ROUTE_GROUP : group;
    for (RouteGroupKind allowed : state.supportedKinds) {
      String ag = allowed.group() == null || allowed.group().isEmpty() ? ROUTE_GROUP : allowed.group();
      if (ag.equals(g) && kind.equals(allowed.kind())) {
        return true;
      }
    }
    return false;
  }

  public boolean allowsNamespace(Namespace namespace) {
    if (namespace == null) {
      return false;
    }
    var allowed = listener.allowedRoutes();
    String from = allowed == null || allowed.namespaces() == null ? null : allowed.namespaces().from();
    if (from == null) {
      return namespace().equals(namespace.name());
    }
    return switch (from) {
      case "All" -> true;
      case "Selector" -> namespaceSelector != null && namespaceSelector.test(
          namespace.metadata() == null || namespace.metadata().labels() == null
              ? Map.of() : namespace.metadata().labels());
      default -> namespace().equals(namespace.name());
    };
  }

  /** Whether the listener is {@code Programmed=True}. */
  public boolean isReady() {
    return state.conditions.has(ListenerConditions.PROGRAMMED, "True");
  }
}

package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One parent reference of a route during a translation: the listeners it selected and the
 * route status entry it writes (Envoy Gateway's {@code RouteParentContext}).
 */
public final class RouteParentContext {
  private final RouteContext route;
  private final ParentReference parentRef;
  private final RouteContext.ParentState state;
  private final List<ListenerContext> listeners = new ArrayList<>();

  RouteParentContext(RouteContext route, ParentReference parentRef, RouteContext.ParentState state) {
    this.route = route;
    this.parentRef = parentRef;
    this.state = state;
  }

  public RouteContext route() {
    return route;
  }

  public ParentReference parentRef() {
    return parentRef;
  }

  public List<ListenerContext> listeners() {
    return listeners;
  }

  public void addListeners(List<ListenerContext> selected) {
    listeners.addAll(selected);
  }

  /** The Gateway of the selected listeners, or null when none was selected. */
  public GatewayContext gateway() {
    return listeners.isEmpty() ? null : listeners.getFirst().gateway();
  }

  public void resetConditions() {
    state.conditions.clear();
  }

  public void setCondition(String type, boolean status, String reason, String message) {
    state.conditions.set(type, status, reason, message, route.generation());
  }

  public boolean hasCondition(String type, String status) {
    return state.conditions.has(type, status);
  }

  public boolean hasNoConditions() {
    return state.conditions.isEmpty();
  }
}

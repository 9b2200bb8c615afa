package dev.attache.control.gatewayapi.context;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.gatewayapi.ListenerEntryStatus;
import dev.attache.control.resource.gatewayapi.ListenerStatus;
import dev.attache.control.resource.gatewayapi.RouteGroupKind;
import java.util.List;

/** The status of one listener while a translation computes it. */
public final class ListenerState {
  public final String name;
  public List<RouteGroupKind> supportedKinds;
  public int attachedRoutes;
  public final Conditions conditions = new Conditions();

  public ListenerState(String name) {
    this.name = name;
  }

  public ListenerStatus toGatewayStatus() {
    return new ListenerStatus(name, supportedKinds, attachedRoutes, conditions.toList());
  }

  public ListenerEntryStatus toListenerSetStatus() {
    return new ListenerEntryStatus(name, supportedKinds, attachedRoutes, conditions.toList());
  }
}

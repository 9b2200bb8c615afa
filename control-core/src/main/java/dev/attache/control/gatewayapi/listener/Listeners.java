package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.ListenerSetContext;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What the listener stage returns: the Gateways with their listeners (their own and those their
 * ListenerSets add) validated and, where programmed, in the IR; and every ListenerSet with the
 * status the stage gave it.
 */
public record Listeners(Gateways gateways, List<ListenerSetContext> listenerSets) {
  public Listeners {
    listenerSets = List.copyOf(listenerSets);
  }

  /** Every ListenerSet with its status (an untouched one as it came). */
  public List<ListenerSet> listenerSetsWithStatus() {
    List<ListenerSet> out = new ArrayList<>(listenerSets.size());
    for (ListenerSetContext ls : listenerSets) {
      out.add(ls.withStatus());
    }
    return out;
  }
}

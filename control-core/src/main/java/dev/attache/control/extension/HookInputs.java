package dev.attache.control.extension;

import dev.attache.extension.sdk.HookContext;
import java.util.List;
import java.util.Map;

/**
 * What the translation knows about extension resources, keyed by xDS resource name: the routes
 * that use extension filters, backends or policies (only those get the route hook), the extension
 * policies of each HTTP listener, the clusters of custom backends (only those get the cluster
 * hook), and the policies in play for the translation hook.
 */
public record HookInputs(Map<String, HookContext.Route> routes, Map<String, HookContext.Listener> listeners,
    Map<String, HookContext.Cluster> clusters, HookContext.Translate translate) {
  public static final HookInputs NONE =
      new HookInputs(Map.of(), Map.of(), Map.of(), new HookContext.Translate(List.of()));

  public HookInputs {
    routes = Map.copyOf(routes);
    listeners = Map.copyOf(listeners);
    clusters = Map.copyOf(clusters);
  }
}

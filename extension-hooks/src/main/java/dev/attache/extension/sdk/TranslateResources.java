package dev.attache.extension.sdk;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The resources the translation hook sees and returns. What it returns replaces each included
 * resource type whole, so a hook that adds a cluster returns the others too.
 */
public record TranslateResources(
    List<Cluster> clusters, List<Secret> secrets, List<Listener> listeners, List<RouteConfiguration> routes) {
  public TranslateResources {
    clusters = List.copyOf(clusters);
    secrets = List.copyOf(secrets);
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
  }
}

package dev.attache.control.xds.server;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The Envoy resources of one gateway, as the xDS translator produced them, in the order it added
 * them. The server publishes them as one snapshot, after checking that they refer only to each
 * other.
 */
public record XdsResources(
    List<Listener> listeners,
    List<RouteConfiguration> routes,
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Secret> secrets) {

  public XdsResources {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    secrets = List.copyOf(secrets);
  }

  public static XdsResources empty() {
    return new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  public boolean isEmpty() {
    return listeners.isEmpty() && routes.isEmpty() && clusters.isEmpty() && endpoints.isEmpty() && secrets.isEmpty();
  }
}

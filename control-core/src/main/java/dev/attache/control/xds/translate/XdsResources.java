package dev.attache.control.xds.translate;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The Envoy resources of one gateway, each list in the order the translator added them, and the
 * errors met on the way (a resource that failed is left out; the rest still stands).
 */
public record XdsResources(List<Listener> listeners, List<RouteConfiguration> routes,
    List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Secret> secrets,
    List<String> errors, List<PatchPolicyStatus> patchPolicyStatuses) {
  /** The status of an EnvoyPatchPolicy after its patches were applied (or not). */
  public record PatchPolicyStatus(String name, String namespace, long generation,
      com.fasterxml.jackson.databind.JsonNode status) {}

  public XdsResources {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    secrets = List.copyOf(secrets);
    errors = List.copyOf(errors);
    patchPolicyStatuses = List.copyOf(patchPolicyStatuses);
  }

  /** No resources, no errors. */
  public static XdsResources empty() {
    return new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * The same translation with other Envoy resources (as an extension hook returns them); the
   * errors and patch policy statuses stay.
   */
  public XdsResources withResources(List<Listener> listeners, List<RouteConfiguration> routes,
      List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Secret> secrets) {
    return new XdsResources(listeners, routes, clusters, endpoints, secrets, errors, patchPolicyStatuses);
  }
}

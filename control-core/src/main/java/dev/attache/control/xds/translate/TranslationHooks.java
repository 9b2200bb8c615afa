package dev.attache.control.xds.translate;

import dev.attache.control.ir.UnstructuredRef;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import java.util.Optional;

/**
 * The points where the translator hands what it just built to extension hooks, as Envoy
 * Gateway's xDS translator does: a route right after it is built (only routes with extension
 * filters, backends or policies), each virtual host once its routes are in, each listener once
 * all listeners are built, the cluster of a route with extension resources, the static load
 * assignment of route and backend clusters, and the whole translation last.
 *
 * <p>One instance serves one translation. Each method returns what the translator goes on with;
 * what a failed hook call turns into (the unmodified resource, a 500 answer, nothing) is the
 * implementation's choice. Every method passes its input through by default.
 */
public interface TranslationHooks {
  /** No extensions: the translation is what the translator built. */
  TranslationHooks NONE = new TranslationHooks() {};

  /** A route of a virtual host serving {@code hostnames}. */
  default Route route(Route route, List<String> hostnames, List<UnstructuredRef> extensionRefs,
      List<UnstructuredRef> extensionPolicies) {
    return route;
  }

  default VirtualHost virtualHost(VirtualHost virtualHost) {
    return virtualHost;
  }

  /** Any listener, with the extension policies of the IR listeners on its address and port. */
  default Listener listener(Listener listener, List<UnstructuredRef> extensionPolicies) {
    return listener;
  }

  /** A route's cluster; empty drops the cluster with its endpoints. */
  default Optional<Cluster> cluster(Cluster cluster, List<UnstructuredRef> backendResources) {
    return Optional.of(cluster);
  }

  /** A static load assignment; empty drops it with its cluster. */
  default Optional<ClusterLoadAssignment> endpoints(ClusterLoadAssignment loadAssignment) {
    return Optional.of(loadAssignment);
  }

  /** The whole translation, after EnvoyPatchPolicies, with the gateway's extension policies. */
  default XdsResources translation(XdsResources resources, List<UnstructuredRef> extensionPolicies) {
    return resources;
  }
}

package dev.attache.extension.sdk;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

/**
 * The hooks of Envoy Gateway's extension protocol, one method each. Every method passes its
 * resource through unchanged by default, so a team implements only the hooks it needs.
 *
 * <p>A hook that throws fails the call: {@link HookException} chooses the gRPC status, an
 * {@link IllegalArgumentException} becomes INVALID_ARGUMENT, anything else INTERNAL. The control
 * plane then fails closed for the affected resource (or keeps it, if it runs the extension with
 * {@code failOpen}).
 */
public interface ExtensionHooks {
  /** A route built from an HTTPRoute or GRPCRoute that uses this extension's resources. */
  default Route postRouteModify(Route route, HookContext.Route context) throws Exception {
    return route;
  }

  /** Every virtual host, once its routes are in; may add routes of its own. */
  default VirtualHost postVirtualHostModify(VirtualHost virtualHost, HookContext.VirtualHost context)
      throws Exception {
    return virtualHost;
  }

  /**
   * Every listener, once all are built; despite the hook's name Envoy Gateway calls it for TCP
   * and UDP listeners too. The context holds the extension policies of the gateway listeners on
   * the listener's address and port.
   */
  default Listener postHttpListenerModify(Listener listener, HookContext.Listener context) throws Exception {
    return listener;
  }

  /** The cluster of a route with extension resources (filters or custom backends), with those resources. */
  default Cluster postClusterModify(Cluster cluster, HookContext.Cluster context) throws Exception {
    return cluster;
  }

  /** Each static load assignment of a route's or a backend's cluster. */
  default ClusterLoadAssignment postEndpointsModify(ClusterLoadAssignment loadAssignment,
      HookContext.Endpoints context) throws Exception {
    return loadAssignment;
  }

  /** The whole translation, last; what it returns replaces the included resource types. */
  default TranslateResources postTranslateModify(TranslateResources resources, HookContext.Translate context)
      throws Exception {
    return resources;
  }
}

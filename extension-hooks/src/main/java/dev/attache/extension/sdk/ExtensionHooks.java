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

  /** Every virtual host; may add routes of its own. */
  default VirtualHost postVirtualHostModify(VirtualHost virtualHost, HookContext.VirtualHost context)
      throws Exception {
    return virtualHost;
  }

  /** Every HTTP listener. */
  default Listener postHttpListenerModify(Listener listener, HookContext.Listener context) throws Exception {
    return listener;
  }

  /** A cluster built for a custom backend resource of this extension. */
  default Cluster postClusterModify(Cluster cluster, HookContext.Cluster context) throws Exception {
    return cluster;
  }

  /** Each static load assignment. */
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

package dev.attache.control.xds.server;

import dev.attache.control.xds.translate.XdsResources;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks that a gateway's resources only name each other: every route's cluster exists, every
 * listener's RDS route configuration exists, every EDS cluster has its endpoints, and no name is
 * used twice within a type. Envoy would otherwise accept a half-wired configuration and answer
 * 503s (or wait forever on warming), so such a snapshot is refused instead of published.
 */
final class SnapshotConsistency {
  private static final String HCM_TYPE = "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();
  private static final String TCP_PROXY_TYPE = "type.googleapis.com/" + TcpProxy.getDescriptor().getFullName();

  private SnapshotConsistency() {
  }

  /** What is wrong, one line per problem; empty when the resources are consistent. */
  static List<String> problems(XdsResources r) {
    List<String> problems = new ArrayList<>();
    Set<String> clusters = names("cluster", r.clusters(), Cluster::getName, problems);
    Set<String> endpoints = names("endpoints", r.endpoints(), ClusterLoadAssignment::getClusterName, problems);
    Set<String> routes = names("route config", r.routes(), RouteConfiguration::getName, problems);
    names("listener", r.listeners(), Listener::getName, problems);
    names("secret", r.secrets(), Secret::getName, problems);

    for (Cluster c : r.clusters()) {
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        String service = c.getEdsClusterConfig().getServiceName();
        String wanted = service.isEmpty() ? c.getName() : service;
        if (!endpoints.contains(wanted)) {
          problems.add("cluster \"" + c.getName() + "\" uses EDS endpoints \"" + wanted + "\", which are missing");
        }
      }
    }
    for (RouteConfiguration rc : r.routes()) {
      checkRoutes("route config \"" + rc.getName() + "\"", rc, clusters, problems);
    }
    for (Listener l : r.listeners()) {
      Stream.concat(l.getFilterChainsList().stream(),
              l.hasDefaultFilterChain() ? Stream.of(l.getDefaultFilterChain()) : Stream.empty())
          .forEach(chain -> checkChain(l, chain, clusters, routes, problems));
    }
    return problems;
  }

  private static void checkChain(Listener l, FilterChain chain, Set<String> clusters, Set<String> routes,
      List<String> problems) {
    String where = "listener \"" + l.getName() + "\"";
    for (Filter f : chain.getFiltersList()) {
      if (!f.hasTypedConfig()) {
        continue;
      }
      Any config = f.getTypedConfig();
      try {
        if (config.getTypeUrl().equals(HCM_TYPE)) {
          HttpConnectionManager hcm = config.unpack(HttpConnectionManager.class);
          if (hcm.hasRds()) {
            String name = hcm.getRds().getRouteConfigName();
            if (!routes.contains(name)) {
              problems.add(where + " names route config \"" + name + "\", which is missing");
            }
          } else if (hcm.hasRouteConfig()) {
            checkRoutes(where + " inline route config", hcm.getRouteConfig(), clusters, problems);
          }
        } else if (config.getTypeUrl().equals(TCP_PROXY_TYPE)) {
          TcpProxy tcp = config.unpack(TcpProxy.class);
          if (!tcp.getCluster().isEmpty() && !clusters.contains(tcp.getCluster())) {
            problems.add(where + " proxies TCP to cluster \"" + tcp.getCluster() + "\", which is missing");
          }
          for (TcpProxy.WeightedCluster.ClusterWeight w : tcp.getWeightedClusters().getClustersList()) {
            if (!clusters.contains(w.getName())) {
              problems.add(where + " proxies TCP to cluster \"" + w.getName() + "\", which is missing");
            }
          }
        }
      } catch (InvalidProtocolBufferException e) {
        problems.add(where + " filter \"" + f.getName() + "\" has an unreadable " + config.getTypeUrl());
      }
    }
  }

  private static void checkRoutes(String where, RouteConfiguration rc, Set<String> clusters, List<String> problems) {
    for (VirtualHost vh : rc.getVirtualHostsList()) {
      for (Route route : vh.getRoutesList()) {
        if (!route.hasRoute()) {
          continue;
        }
        RouteAction action = route.getRoute();
        List<String> named = new ArrayList<>();
        if (!action.getCluster().isEmpty()) {
          named.add(action.getCluster());
        }
        for (WeightedCluster.ClusterWeight w : action.getWeightedClusters().getClustersList()) {
          if (!w.getName().isEmpty()) {
            named.add(w.getName());
          }
        }
        for (RouteAction.RequestMirrorPolicy m : action.getRequestMirrorPoliciesList()) {
          if (!m.getCluster().isEmpty()) {
            named.add(m.getCluster());
          }
        }
        for (String cluster : named) {
          if (!clusters.contains(cluster)) {
            problems.add(where + " virtual host \"" + vh.getName() + "\" route \"" + route.getName()
                + "\" names cluster \"" + cluster + "\", which is missing");
          }
        }
      }
    }
  }

  private static <T> Set<String> names(String type, List<T> items, Function<T, String> name, List<String> problems) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String n = name.apply(item);
      if (n.isEmpty()) {
        problems.add(type + " without a name");
      } else if (!seen.add(n)) {
        problems.add(type + " \"" + n + "\" appears twice");
      }
    }
    return seen;
  }
}

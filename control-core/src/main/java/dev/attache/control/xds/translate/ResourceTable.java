package dev.attache.control.xds.translate;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources of one translation while it is under way, in the order they are added.
 * Listeners and route configurations stay open for later stages to extend (another listener on
 * the same port adds a filter chain); everything is built into immutable messages at the end.
 */
final class ResourceTable {
  /** A listener being built, with its filter chains still open. */
  static final class ListenerDraft {
    final Listener.Builder listener;
    ChainDraft defaultChain;
    final List<ChainDraft> chains = new ArrayList<>();

    ListenerDraft(Listener.Builder listener) {
      this.listener = listener;
    }

    SocketAddress.Protocol protocol() {
      return listener.getAddress().getSocketAddress().getProtocol();
    }
  }

  /** A filter chain whose HTTP connection manager may still get filters. */
  static final class ChainDraft {
    final FilterChain.Builder chain;
    final HttpConnectionManager.Builder hcm;
    final int hcmIndex;

    ChainDraft(FilterChain.Builder chain, HttpConnectionManager.Builder hcm, int hcmIndex) {
      this.chain = chain;
      this.hcm = hcm;
      this.hcmIndex = hcmIndex;
    }

    FilterChain build() {
      FilterChain.Builder out = chain.clone();
      if (hcm != null) {
        out.addFilters(hcmIndex, NetworkFilters.of(NetworkFilters.HTTP_CONNECTION_MANAGER, hcm.build()));
      }
      return out.build();
    }
  }

  final TranslationHooks hooks;
  final List<ListenerDraft> listeners = new ArrayList<>();
  /** The listeners once built, when the listener hook has seen them; the drafts are done then. */
  private List<Listener> builtListeners;
  final List<RouteConfiguration.Builder> routes = new ArrayList<>();
  final List<Cluster> clusters = new ArrayList<>();
  final List<ClusterLoadAssignment> endpoints = new ArrayList<>();
  final List<Secret> secrets = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  // Name indexes: a translation of thousands of routes asks for these once per route.
  private final Set<String> clusterNames = new HashSet<>();
  private final Set<String> secretNames = new HashSet<>();
  private final Map<String, RouteConfiguration.Builder> routesByName = new HashMap<>();

  ResourceTable(TranslationHooks hooks) {
    this.hooks = hooks;
  }

  Optional<ListenerDraft> listener(String address, int port, SocketAddress.Protocol protocol) {
    return listeners.stream().filter(l -> {
      SocketAddress a = l.listener.getAddress().getSocketAddress();
      return a.getAddress().equals(address) && a.getPortValue() == port && a.getProtocol() == protocol;
    }).findFirst();
  }

  Optional<RouteConfiguration.Builder> routeConfig(String name) {
    RouteConfiguration.Builder indexed = routesByName.get(name);
    if (indexed != null && indexed.getName().equals(name)) {
      return Optional.of(indexed);
    }
    // Added directly to the list, or renamed since: look it up and index it.
    Optional<RouteConfiguration.Builder> found = routes.stream().filter(r -> r.getName().equals(name)).findFirst();
    found.ifPresent(r -> routesByName.put(name, r));
    return found;
  }

  void addRouteConfig(RouteConfiguration.Builder routeConfig) {
    routes.add(routeConfig);
    routesByName.put(routeConfig.getName(), routeConfig);
  }

  boolean hasCluster(String name) {
    return clusterNames.contains(name);
  }

  boolean hasSecret(String name) {
    return secretNames.contains(name);
  }

  void addListener(ListenerDraft draft) {
    listeners.add(draft);
  }

  void addCluster(Cluster cluster) {
    OutputValidation.check(cluster).ifPresentOrElse(errors::add, () -> {
      clusters.add(cluster);
      clusterNames.add(cluster.getName());
    });
  }

  /** Adds valid endpoints; false (and an error) when they are not. */
  boolean addEndpoints(ClusterLoadAssignment assignment) {
    var problem = OutputValidation.check(assignment);
    problem.ifPresentOrElse(errors::add, () -> endpoints.add(assignment));
    return problem.isEmpty();
  }

  void addSecret(Secret secret) {
    secrets.add(secret);
    secretNames.add(secret.getName());
  }

  /**
   * Builds the listeners (once all of them are drafted) and passes each through {@code hook},
   * in order; later stages must not touch the drafts.
   */
  void finishListeners(java.util.function.UnaryOperator<Listener> hook) {
    if (builtListeners == null) {
      builtListeners = buildListeners();
    }
    builtListeners.replaceAll(hook);
  }

  private List<Listener> buildListeners() {
    List<Listener> built = new ArrayList<>();
    for (ListenerDraft draft : listeners) {
      Listener.Builder l = draft.listener.clone();
      if (draft.defaultChain != null) {
        l.setDefaultFilterChain(draft.defaultChain.build());
      }
      for (ChainDraft chain : draft.chains) {
        l.addFilterChains(chain.build());
      }
      built.add(l.build());
    }
    return built;
  }

  XdsResources build() {
    List<Listener> valid = new ArrayList<>();
    for (Listener listener : builtListeners == null ? buildListeners() : builtListeners) {
      OutputValidation.check(listener).ifPresentOrElse(errors::add, () -> valid.add(listener));
    }
    return new XdsResources(valid,
        routes.stream().map(RouteConfiguration.Builder::build).toList(),
        clusters, endpoints, secrets, errors, List.of());
  }
}

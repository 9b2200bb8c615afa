package dev.attache.control.extension;

import com.google.protobuf.UInt32Value;
import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.HookException;
import dev.attache.extension.sdk.TranslateResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A hook server's hooks for tests: each hook makes a visible change, fails with a gRPC error or
 * stalls past the caller's deadline, as the test sets it; every call's context is recorded.
 */
final class ScriptedHooks implements ExtensionHooks {
  enum Behaviour { MODIFY, ERROR, STALL }

  static final String MARK = "hooked";
  static final String INJECTED_CLUSTER = "hook-injected";

  private final Map<XdsHook, Behaviour> behaviour = Collections.synchronizedMap(new EnumMap<>(XdsHook.class));
  final List<HookContext.Route> routeContexts = Collections.synchronizedList(new ArrayList<>());
  final List<HookContext.Listener> listenerContexts = Collections.synchronizedList(new ArrayList<>());
  final List<HookContext.Cluster> clusterContexts = Collections.synchronizedList(new ArrayList<>());
  final List<HookContext.Translate> translateContexts = Collections.synchronizedList(new ArrayList<>());
  final List<String> calledFor = Collections.synchronizedList(new ArrayList<>());
  volatile long stallMillis = 2_000;
  volatile int translationPayloadBytes;

  ScriptedHooks set(XdsHook hook, Behaviour b) {
    behaviour.put(hook, b);
    return this;
  }

  ScriptedHooks reset() {
    behaviour.clear();
    calledFor.clear();
    routeContexts.clear();
    listenerContexts.clear();
    clusterContexts.clear();
    translateContexts.clear();
    return this;
  }

  private void act(XdsHook hook, String resource) throws HookException, InterruptedException {
    calledFor.add(hook + " " + resource);
    switch (behaviour.getOrDefault(hook, Behaviour.MODIFY)) {
      case ERROR -> throw new HookException(Status.Code.INTERNAL, "backend registry unreachable");
      case STALL -> Thread.sleep(stallMillis);
      case MODIFY -> { }
    }
  }

  static HeaderValueOption mark(String value) {
    return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey("x-" + MARK).setValue(value)).build();
  }

  @Override
  public Route postRouteModify(Route route, HookContext.Route context) throws Exception {
    act(XdsHook.ROUTE, route.getName());
    routeContexts.add(context);
    return route.toBuilder().addResponseHeadersToAdd(mark("route")).build();
  }

  @Override
  public VirtualHost postVirtualHostModify(VirtualHost vh, HookContext.VirtualHost context) throws Exception {
    act(XdsHook.VIRTUAL_HOST, vh.getName());
    return vh.toBuilder().addResponseHeadersToAdd(mark("virtual-host")).build();
  }

  @Override
  public Listener postHttpListenerModify(Listener listener, HookContext.Listener context) throws Exception {
    act(XdsHook.HTTP_LISTENER, listener.getName());
    listenerContexts.add(context);
    return listener.toBuilder().setStatPrefix(MARK).build();
  }

  @Override
  public Cluster postClusterModify(Cluster cluster, HookContext.Cluster context) throws Exception {
    act(XdsHook.CLUSTER, cluster.getName());
    clusterContexts.add(context);
    return cluster.toBuilder().setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(7)).build();
  }

  @Override
  public ClusterLoadAssignment postEndpointsModify(ClusterLoadAssignment la, HookContext.Endpoints context)
      throws Exception {
    act(XdsHook.ENDPOINTS, la.getClusterName());
    return la.toBuilder().setPolicy(ClusterLoadAssignment.Policy.newBuilder()
        .setOverprovisioningFactor(UInt32Value.of(150))).build();
  }

  @Override
  public TranslateResources postTranslateModify(TranslateResources in, HookContext.Translate context)
      throws Exception {
    act(XdsHook.TRANSLATION, "translation");
    translateContexts.add(context);
    List<Cluster> clusters = new ArrayList<>(in.clusters());
    Cluster.Builder injected = Cluster.newBuilder().setName(INJECTED_CLUSTER);
    if (translationPayloadBytes > 0) {
      // A big answer: the alt stat name carries the bulk.
      injected.setAltStatName("x".repeat(translationPayloadBytes));
    }
    clusters.add(injected.build());
    return new TranslateResources(clusters, in.secrets(), in.listeners(), in.routes());
  }
}

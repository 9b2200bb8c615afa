package dev.attache.control.extension;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.client.HookCallException;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.TranslateResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured extensions' post-translation hooks over one gateway's xDS resources, in
 * Envoy Gateway's order (route, virtual host, HTTP listener, cluster, endpoints, translation),
 * each extension's output the next one's input, and applies each extension's failure mode.
 *
 * <p>A pure function of its inputs and the extensions' answers: nothing of a failed pass is
 * remembered, so the next successful translation restores every resource (the bug of
 * envoyproxy/gateway#5595 cannot happen here).
 */
public final class ExtensionHookPass {
  private static final Logger log = LoggerFactory.getLogger(ExtensionHookPass.class);

  private final List<ConfiguredExtension> chain;
  private final MeterRegistry registry;

  public ExtensionHookPass(List<ConfiguredExtension> chain, MeterRegistry registry) {
    this.chain = List.copyOf(chain);
    this.registry = registry;
  }

  /**
   * The outcome of one pass.
   *
   * @param keepLastGood an extension in {@code KEEP_LAST_GOOD} mode failed: publish nothing new
   */
  public record Result(XdsResources resources, List<HookFailure> failures, boolean keepLastGood) {
    public Result {
      failures = List.copyOf(failures);
    }
  }

  @FunctionalInterface
  private interface HookCall<T> {
    T call(ConfiguredExtension ext, T input) throws HookCallException;
  }

  /** Per-pass state: the failures met and the clusters a failure removed. */
  private final class Pass {
    final List<HookFailure> failures = new ArrayList<>();
    final Set<String> droppedClusters = new HashSet<>();

    /**
     * Calls {@code hook} of every subscribed extension in order. On a failure the extension's
     * mode decides: fail closed replaces the resource with {@code onFailClosed} and ends the chain
     * for it; fail open and keep-last-good go on with the unmodified input.
     */
    <T> T run(XdsHook hook, String resource, T input, HookCall<T> call, UnaryOperator<T> onFailClosed) {
      T current = input;
      for (ConfiguredExtension ext : chain) {
        if (!ext.subscribes(hook)) {
          continue;
        }
        try {
          current = requireNonNull(call.call(ext, current), "hook result");
        } catch (HookCallException e) {
          HookFailure f = new HookFailure(ext.name(), hook, resource, e.getMessage(), ext.failureMode());
          failures.add(f);
          log.error("{}", f);
          if (registry != null) {
            Counter.builder("attache.extension.hook.failures").description("Extension hook calls that failed")
                .tag("extension", ext.name()).tag("hook", hook.configName())
                .tag("handled_as", ext.failureMode().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
          }
          if (ext.failureMode() == FailureMode.FAIL_CLOSED) {
            return onFailClosed.apply(current);
          }
        }
      }
      return current;
    }
  }

  public Result apply(XdsResources in, HookInputs inputs) {
    if (chain.isEmpty()) {
      return new Result(in, List.of(), false);
    }
    Pass pass = new Pass();

    List<RouteConfiguration> routes = new ArrayList<>(in.routes().size());
    for (RouteConfiguration rc : in.routes()) {
      RouteConfiguration.Builder b = rc.toBuilder();
      for (int v = 0; v < b.getVirtualHostsCount(); v++) {
        VirtualHost.Builder vh = b.getVirtualHosts(v).toBuilder();
        for (int r = 0; r < vh.getRoutesCount(); r++) {
          Route route = vh.getRoutes(r);
          HookContext.Route ctx = inputs.routes().get(route.getName());
          if (ctx != null) {
            vh.setRoutes(r, pass.run(XdsHook.ROUTE, "route " + route.getName(), route,
                (ext, x) -> ext.client().postRouteModify(x, ctx), ErrorResponses::failedRoute));
          }
        }
        VirtualHost built = vh.build();
        b.setVirtualHosts(v, pass.run(XdsHook.VIRTUAL_HOST, "virtual host " + built.getName(), built,
            (ext, x) -> ext.client().postVirtualHostModify(x), ErrorResponses::failedVirtualHost));
      }
      routes.add(b.build());
    }

    List<Listener> listeners = new ArrayList<>(in.listeners().size());
    for (Listener l : in.listeners()) {
      if (!ErrorResponses.isHttpListener(l)) {
        listeners.add(l);
        continue;
      }
      HookContext.Listener ctx = inputs.listeners().getOrDefault(l.getName(), new HookContext.Listener(List.of()));
      listeners.add(pass.run(XdsHook.HTTP_LISTENER, "listener " + l.getName(), l,
          (ext, x) -> ext.client().postHttpListenerModify(x, ctx), ErrorResponses::failedListener));
    }

    List<Cluster> clusters = new ArrayList<>(in.clusters().size());
    for (Cluster c : in.clusters()) {
      HookContext.Cluster ctx = inputs.clusters().get(c.getName());
      if (ctx == null) {
        clusters.add(c);
        continue;
      }
      Cluster out = pass.run(XdsHook.CLUSTER, "cluster " + c.getName(), c,
          (ext, x) -> ext.client().postClusterModify(x, ctx), x -> null);
      if (out == null) {
        pass.droppedClusters.add(c.getName());
      } else {
        clusters.add(out);
      }
    }

    List<ClusterLoadAssignment> endpoints = new ArrayList<>(in.endpoints().size());
    for (ClusterLoadAssignment la : in.endpoints()) {
      if (pass.droppedClusters.contains(la.getClusterName())) {
        continue;
      }
      ClusterLoadAssignment out = pass.run(XdsHook.ENDPOINTS, "endpoints " + la.getClusterName(), la,
          (ext, x) -> ext.client().postEndpointsModify(x), x -> null);
      if (out == null) {
        pass.droppedClusters.add(la.getClusterName());
      } else {
        endpoints.add(out);
      }
    }
    if (!pass.droppedClusters.isEmpty()) {
      clusters.removeIf(c -> pass.droppedClusters.contains(c.getName()));
      routes.replaceAll(rc -> answer500ForDroppedClusters(rc, pass.droppedClusters));
    }

    XdsResources afterResourceHooks = in.withResources(listeners, routes, clusters, endpoints, in.secrets());
    XdsResources out = translationHook(pass, afterResourceHooks, inputs.translate());

    boolean keepLastGood = pass.failures.stream().anyMatch(f -> f.handledAs() == FailureMode.KEEP_LAST_GOOD);
    return new Result(out, pass.failures, keepLastGood);
  }

  /** The translation hook of each subscribed extension, replacing the types it includes. */
  private XdsResources translationHook(Pass pass, XdsResources in, HookContext.Translate ctx) {
    return pass.run(XdsHook.TRANSLATION, "translation", in, (ext, x) -> {
      ConfiguredExtension.TranslationInclude inc = ext.include();
      TranslateResources sent = new TranslateResources(
          inc.clusters() ? x.clusters() : List.of(), inc.secrets() ? x.secrets() : List.of(),
          inc.listeners() ? x.listeners() : List.of(), inc.routes() ? x.routes() : List.of());
      TranslateResources got = ext.client().postTranslateModify(sent, ctx);
      return x.withResources(
          inc.listeners() ? got.listeners() : x.listeners(),
          inc.routes() ? got.routes() : x.routes(),
          inc.clusters() ? got.clusters() : x.clusters(),
          x.endpoints(),
          inc.secrets() ? got.secrets() : x.secrets());
    }, x -> x.withResources(x.listeners().stream().map(l ->
        ErrorResponses.isHttpListener(l) ? ErrorResponses.failedListener(l) : l).toList(),
        x.routes(), x.clusters(), x.endpoints(), x.secrets()));
  }

  /** Routes whose cluster a failed hook removed answer 500 instead of naming a missing cluster. */
  private static RouteConfiguration answer500ForDroppedClusters(RouteConfiguration rc, Set<String> dropped) {
    RouteConfiguration.Builder b = rc.toBuilder();
    for (int v = 0; v < b.getVirtualHostsCount(); v++) {
      VirtualHost.Builder vh = b.getVirtualHosts(v).toBuilder();
      for (int r = 0; r < vh.getRoutesCount(); r++) {
        Route route = vh.getRoutes(r);
        if (route.hasRoute() && (dropped.contains(route.getRoute().getCluster())
            || route.getRoute().getWeightedClusters().getClustersList().stream()
                .anyMatch(w -> dropped.contains(w.getName())))) {
          vh.setRoutes(r, ErrorResponses.failedRoute(route));
        }
      }
      b.setVirtualHosts(v, vh);
    }
    return b.build();
  }
}

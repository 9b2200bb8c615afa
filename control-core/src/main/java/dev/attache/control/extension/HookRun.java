package dev.attache.control.extension;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.xds.translate.TranslationHooks;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.client.HookCallException;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.TranslateResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension hooks of one translation: calls each subscribed extension in order and applies
 * its failure mode when a call fails. Fail closed replaces the resource with Envoy Gateway
 * v1.3's 500 answer and ends the chain for it; fail open and keep-last-good go on with the
 * unmodified resource (keep-last-good also asks the caller not to publish this translation).
 *
 * <p>Nothing of a failed translation is remembered, so the next successful one restores every
 * resource (the bug of envoyproxy/gateway#5595 cannot happen here).
 */
public final class HookRun implements TranslationHooks {
  private static final Logger log = LoggerFactory.getLogger(HookRun.class);

  private final List<ConfiguredExtension> chain;
  private final MeterRegistry registry;
  private final List<HookFailure> failures = new ArrayList<>();
  private final Set<String> droppedClusters = new HashSet<>();
  private final Set<String> loggedAsError = new HashSet<>();
  /**
   * Extensions that did not answer in time (or at all) in this translation, with what was seen;
   * shared by the runs of every gateway of one translation.
   */
  private final Map<String, String> unreachable;
  private boolean translationHookReplacedSecrets;

  HookRun(List<ConfiguredExtension> chain, MeterRegistry registry, Map<String, String> unreachable) {
    this.chain = chain;
    this.registry = registry;
    this.unreachable = unreachable;
  }

  /** The hook calls that failed so far, in order. */
  public List<HookFailure> failures() {
    return List.copyOf(failures);
  }

  /** Whether an extension in {@code KeepLastGood} mode failed: the caller should publish nothing new. */
  public boolean keepLastGood() {
    return failures.stream().anyMatch(f -> f.handledAs() == FailureMode.KEEP_LAST_GOOD);
  }

  /** Whether a translation hook answered with the secrets (so the translation has a secret list). */
  public boolean translationHookReplacedSecrets() {
    return translationHookReplacedSecrets;
  }

  @FunctionalInterface
  private interface Call<T> {
    T call(ConfiguredExtension ext, T input) throws HookCallException;
  }

  /**
   * Calls {@code hook} of every subscribed extension in order. On a failure the extension's
   * mode decides: fail closed answers {@code onFailClosed} of the input it was given and ends the
   * chain; the other modes go on with that input.
   */
  private <T> T run(XdsHook hook, String resource, T input, Call<T> call, UnaryOperator<T> onFailClosed) {
    T current = input;
    for (ConfiguredExtension ext : chain) {
      if (!ext.subscribes(hook)) {
        continue;
      }
      String skippedBecause = unreachable.get(ext.name());
      if (skippedBecause != null) {
        failed(ext, hook, resource, "not called: the extension did not answer an earlier call of this"
            + " translation (" + skippedBecause + ")", false);
      } else {
        try {
          current = call.call(ext, current);
          continue;
        } catch (HookCallException e) {
          io.grpc.Status.Code code = e.status().getCode();
          if (code == io.grpc.Status.Code.DEADLINE_EXCEEDED || code == io.grpc.Status.Code.UNAVAILABLE) {
            // One deadline per extension and translation, not one per resource: the rest of this
            // translation's calls to it fail at once, so a hung extension cannot stall it N times.
            unreachable.put(ext.name(), code.toString());
          }
          failed(ext, hook, resource, e.getMessage(), true);
        }
      }
      if (ext.failureMode() == FailureMode.FAIL_CLOSED) {
        return onFailClosed.apply(current);
      }
    }
    return current;
  }

  private void failed(ConfiguredExtension ext, XdsHook hook, String resource, String message, boolean called) {
    HookFailure f = new HookFailure(ext.name(), hook, resource, message, ext.failureMode());
    failures.add(f);
    // The first failure of each extension's hook in a translation is an error line; the rest
    // (an extension failing for every one of 10,000 routes) go to debug, and all are counted.
    if (called && loggedAsError.add(ext.name() + "\u0000" + hook.configName())) {
      log.error("{} (further failures of this hook in this translation are logged at debug level)", f);
    } else {
      log.debug("{}", f);
    }
    if (registry != null) {
      Counter.builder("attache.extension.hook.failures")
          .description("Extension hook calls that failed, by extension, hook and what was done about it")
          .tag("extension", ext.name()).tag("hook", hook.configName())
          .tag("handled_as", ext.failureMode().name().toLowerCase(Locale.ROOT))
          .register(registry).increment();
    }
  }

  private static List<ExtensionResource> resources(List<UnstructuredRef> refs, Set<String> kinds) {
    List<ExtensionResource> out = new ArrayList<>(refs.size());
    for (UnstructuredRef ref : refs) {
      if (ref.object() == null) {
        continue;
      }
      ExtensionResource r = ExtensionResource.of(ref.object());
      if (kinds.isEmpty() || kinds.contains(r.group() + "/" + r.kind())) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public Route route(Route route, List<String> hostnames, List<UnstructuredRef> extensionRefs,
      List<UnstructuredRef> extensionPolicies) {
    return run(XdsHook.ROUTE, "route " + route.getName(), route, (ext, r) -> ext.client().postRouteModify(r,
        new HookContext.Route(resources(extensionRefs, ext.kinds().resources()), hostnames,
            resources(extensionPolicies, ext.kinds().policies()))), ErrorResponses::failedRoute);
  }

  @Override
  public VirtualHost virtualHost(VirtualHost virtualHost) {
    return run(XdsHook.VIRTUAL_HOST, "virtual host " + virtualHost.getName(), virtualHost,
        (ext, vh) -> ext.client().postVirtualHostModify(vh), ErrorResponses::failedVirtualHost);
  }

  @Override
  public Listener listener(Listener listener, List<UnstructuredRef> extensionPolicies) {
    return run(XdsHook.HTTP_LISTENER, "listener " + listener.getName(), listener, (ext, l) ->
        ext.client().postHttpListenerModify(l, new HookContext.Listener(
            resources(extensionPolicies, ext.kinds().policies()))), ErrorResponses::failedListener);
  }

  @Override
  public Optional<Cluster> cluster(Cluster cluster, List<UnstructuredRef> backendResources) {
    Cluster out = run(XdsHook.CLUSTER, "cluster " + cluster.getName(), cluster, (ext, c) ->
        ext.client().postClusterModify(c, new HookContext.Cluster(
            resources(backendResources, ext.kinds().resources()))), c -> null);
    if (out == null) {
      droppedClusters.add(cluster.getName());
    }
    return Optional.ofNullable(out);
  }

  @Override
  public Optional<ClusterLoadAssignment> endpoints(ClusterLoadAssignment loadAssignment) {
    ClusterLoadAssignment out = run(XdsHook.ENDPOINTS, "endpoints " + loadAssignment.getClusterName(),
        loadAssignment, (ext, la) -> ext.client().postEndpointsModify(la), la -> null);
    if (out == null) {
      droppedClusters.add(loadAssignment.getClusterName());
    }
    return Optional.ofNullable(out);
  }

  /**
   * Routes to clusters a failed hook dropped answer 500, then each subscribed extension's
   * translation hook replaces the resource types it includes; a failure there (fail closed)
   * leaves every listener answering 500.
   */
  @Override
  public XdsResources translation(XdsResources resources, List<UnstructuredRef> extensionPolicies) {
    XdsResources in = droppedClusters.isEmpty() ? resources
        : resources.withResources(resources.listeners(),
            resources.routes().stream().map(rc -> ErrorResponses.failedClusterRoutes(rc, droppedClusters)).toList(),
            resources.clusters(), resources.endpoints(), resources.secrets());
    return run(XdsHook.TRANSLATION, "translation", in, (ext, x) -> {
      ConfiguredExtension.TranslationInclude inc = ext.include();
      TranslateResources sent = new TranslateResources(
          inc.clusters() ? x.clusters() : List.of(), inc.secrets() ? x.secrets() : List.of(),
          inc.listeners() ? x.listeners() : List.of(), inc.routes() ? x.routes() : List.of());
      TranslateResources got = ext.client().postTranslateModify(sent,
          new HookContext.Translate(resources(extensionPolicies, ext.kinds().policies())));
      translationHookReplacedSecrets |= inc.secrets();
      return x.withResources(
          inc.listeners() ? got.listeners() : x.listeners(),
          inc.routes() ? got.routes() : x.routes(),
          inc.clusters() ? got.clusters() : x.clusters(),
          x.endpoints(),
          inc.secrets() ? got.secrets() : x.secrets());
    }, x -> x.withResources(x.listeners().stream().map(ErrorResponses::failedListener).toList(),
        x.routes(), x.clusters(), x.endpoints(), x.secrets()));
  }
}

package dev.attache.control.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.extension.ConfiguredExtension.TranslationInclude;
import dev.attache.control.extension.ScriptedHooks.Behaviour;
import dev.attache.control.ir.IrYaml;
import dev.attache.control.ir.Xds;
import dev.attache.control.xds.translate.TranslatorSettings;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.control.xds.translate.XdsTranslator;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The xDS translator calling a real extension server over gRPC on 127.0.0.1: each hook gets the
 * right context, and each way a call can fail (an error status, a stall past the deadline, a
 * malformed answer, no server) has the documented result for each hook, in each failure mode.
 */
class HookCallsEndToEndTest {
  private static final Duration DEADLINE = Duration.ofMillis(400);
  private static final String ROUTE = "httproute/default/stamped/rule/0/match/0/www_example_com";
  private static final String PLAIN_ROUTE = "httproute/default/plain/rule/0/match/0/www_example_com";
  private static final String CLUSTER = "httproute/default/stamped/rule/0";
  private static final String PLAIN_CLUSTER = "httproute/default/plain/rule/0";
  private static final String LISTENER = "default/eg/http";

  /** One HTTP listener; one route with an extension filter and policy, one plain route. */
  private static final String IR = """
      extensionServerPolicies:
      - object:
          apiVersion: example.attache.dev/v1alpha1
          kind: AuditPolicy
          metadata: {name: audit, namespace: default}
          spec: {targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}}
      http:
      - name: default/eg/http
        address: 0.0.0.0
        port: 10080
        hostnames: ["*"]
        path: {mergeSlashes: true, escapedSlashesAction: UnescapeAndRedirect}
        extensionRefs:
        - object:
            apiVersion: example.attache.dev/v1alpha1
            kind: ListenerPolicy
            metadata: {name: tuning, namespace: default}
            spec: {idle: 30s}
        routes:
        - name: httproute/default/stamped/rule/0/match/0/www_example_com
          hostname: www.example.com
          pathMatch: {prefix: /}
          destination:
            name: httproute/default/stamped/rule/0
            settings:
            - endpoints: [{host: 10.0.0.1, port: 8080}]
              name: httproute/default/stamped/rule/0/backend/0
          extensionRefs:
          - object:
              apiVersion: example.attache.dev/v1alpha1
              kind: HeaderStamp
              metadata: {name: stamp, namespace: default}
              spec: {headers: [{name: x-team, value: payments}]}
          extensionServerPolicies:
          - object:
              apiVersion: example.attache.dev/v1alpha1
              kind: RoutePolicy
              metadata: {name: canary, namespace: default}
              spec: {weight: 5}
        - name: httproute/default/plain/rule/0/match/0/www_example_com
          hostname: www.example.com
          pathMatch: {prefix: /plain}
          destination:
            name: httproute/default/plain/rule/0
            settings:
            - endpoints: [{host: 10.0.0.2, port: 8080}]
              name: httproute/default/plain/rule/0/backend/0
      """;

  private static final XdsTranslator TRANSLATOR = new XdsTranslator(new TranslatorSettings("envoy-gateway-system",
      "grpc://envoy-ratelimit.envoy-gateway-system.svc.cluster.local:8081", Set.of()));

  private static Xds ir;
  private static ScriptedHooks hooks;
  private static HookServer server;
  private static MalformedHookServer malformed;
  private static int downPort;

  @BeforeAll
  static void start() throws Exception {
    ir = IrYaml.readXds(IR);
    hooks = new ScriptedHooks();
    hooks.stallMillis = DEADLINE.toMillis() * 5;
    server = HookServer.builder(hooks).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();
    malformed = new MalformedHookServer();
    // The first call of a fresh JVM loads Netty and friends, slower than the short deadline here.
    try (ExtensionClient warm = ExtensionClient.builder("warm-up").address("127.0.0.1", server.port()).build()) {
      warm.postVirtualHostModify(VirtualHost.newBuilder().setName("warm-up").build());
    }
    try (HookServer gone = HookServer.builder(new ScriptedHooks()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start()) {
      downPort = gone.port();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    malformed.close();
  }

  @BeforeEach
  void resetHooks() {
    hooks.reset();
  }

  enum Failure { ERROR_STATUS, DEADLINE_EXCEEDED, MALFORMED_RESPONSE, SERVER_DOWN }

  private record Outcome(XdsResources resources, List<HookFailure> failures, boolean keepLastGood,
      SimpleMeterRegistry registry) {}

  private static Outcome translate(XdsHook hook, Failure failure, FailureMode mode) {
    int port = switch (failure) {
      case ERROR_STATUS, DEADLINE_EXCEEDED -> server.port();
      case MALFORMED_RESPONSE -> malformed.port();
      case SERVER_DOWN -> downPort;
    };
    if (failure == Failure.ERROR_STATUS) {
      hooks.set(hook, Behaviour.ERROR);
    } else if (failure == Failure.DEADLINE_EXCEEDED) {
      hooks.set(hook, Behaviour.STALL);
    }
    // Only the hook under test reaches the failing server; the others run against the good one.
    ConfiguredExtension failing = extension("failing", port, EnumSet.of(hook), mode, DEADLINE);
    ConfiguredExtension good = extension("good", server.port(),
        EnumSet.complementOf(EnumSet.of(hook)), FailureMode.FAIL_CLOSED);
    return run(List.of(good, failing));
  }

  private static Outcome run(List<ConfiguredExtension> extensions) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (HookChain chain = new HookChain(extensions, registry)) {
      HookRun run = chain.start();
      XdsResources out = TRANSLATOR.translate(ir, run);
      return new Outcome(out, run.failures(), run.keepLastGood(), registry);
    }
  }

  /** A well-behaved extension's calls get a generous deadline, so a busy machine does not fail them. */
  private static ConfiguredExtension extension(String name, int port, Set<XdsHook> subscribed, FailureMode mode) {
    return extension(name, port, subscribed, mode, Duration.ofSeconds(10));
  }

  private static ConfiguredExtension extension(String name, int port, Set<XdsHook> subscribed, FailureMode mode,
      Duration deadline) {
    ExtensionClient client = ExtensionClient.builder(name).address("127.0.0.1", port).deadline(deadline).build();
    return new ConfiguredExtension(name, client, subscribed, TranslationInclude.DEFAULT, mode);
  }

  private static Outcome allGood() {
    return run(List.of(extension("good", server.port(), EnumSet.allOf(XdsHook.class), FailureMode.FAIL_CLOSED)));
  }

  static Route route(XdsResources r, String name) {
    return r.routes().stream().flatMap(rc -> rc.getVirtualHostsList().stream())
        .flatMap(vh -> vh.getRoutesList().stream()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
  }

  static VirtualHost virtualHost(XdsResources r) {
    return r.routes().getFirst().getVirtualHosts(0);
  }

  static Listener listener(XdsResources r) {
    return r.listeners().stream().filter(l -> l.getName().equals(LISTENER)).findFirst().orElseThrow();
  }

  static HttpConnectionManager hcm(Listener l) throws Exception {
    return l.getDefaultFilterChain().getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
  }

  static boolean hasCluster(XdsResources r, String name) {
    return r.clusters().stream().anyMatch(c -> c.getName().equals(name));
  }

  static Cluster cluster(XdsResources r, String name) {
    return r.clusters().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  static boolean answers500(Route r) {
    return !r.hasRoute() && r.getDirectResponse().getStatus() == 500;
  }

  static boolean marked(Route r) {
    return r.getResponseHeadersToAddList().contains(ScriptedHooks.mark("route"));
  }

  @Test
  void everyHookIsCalledWhereEnvoyGatewayCallsItWithItsContext() {
    Outcome o = allGood();
    assertThat(o.failures()).isEmpty();
    XdsResources r = o.resources();
    assertThat(hooks.calledFor).contains("route " + ROUTE);

    // Route hook: only the route with an extension filter, with its filter, policy and hostnames.
    assertThat(marked(route(r, ROUTE))).isTrue();
    assertThat(marked(route(r, PLAIN_ROUTE))).isFalse();
    assertThat(hooks.routeContexts).singleElement().satisfies(c -> {
      assertThat(c.hostnames()).containsExactly("www.example.com");
      assertThat(c.extensionResources()).extracting(ExtensionResource::kind, ExtensionResource::name)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("HeaderStamp", "stamp"));
      assertThat(c.extensionResources().getFirst().spec().at("/headers/0/value").asText()).isEqualTo("payments");
      assertThat(c.extensionPolicies()).extracting(ExtensionResource::name).containsExactly("canary");
    });
    // Virtual host hook: each virtual host, after its routes are in.
    assertThat(virtualHost(r).getResponseHeadersToAddList()).contains(ScriptedHooks.mark("virtual-host"));
    assertThat(virtualHost(r).getRoutesCount()).isEqualTo(2);
    // Listener hook: the listener with the policies of its IR listener.
    assertThat(listener(r).getStatPrefix()).isEqualTo(ScriptedHooks.MARK);
    assertThat(hooks.listenerContexts).singleElement().satisfies(c ->
        assertThat(c.extensionResources()).extracting(ExtensionResource::name).containsExactly("tuning"));
    // Cluster hook: only the cluster of the route with extension resources.
    assertThat(cluster(r, CLUSTER).getConnectTimeout().getSeconds()).isEqualTo(7);
    assertThat(cluster(r, PLAIN_CLUSTER).getConnectTimeout().getSeconds()).isEqualTo(10);
    assertThat(hooks.clusterContexts).singleElement().satisfies(c ->
        assertThat(c.backendResources()).extracting(ExtensionResource::kind).containsExactly("HeaderStamp"));
    // Endpoints hook: every static load assignment of a route.
    assertThat(r.endpoints()).extracting(la -> la.getPolicy().getOverprovisioningFactor().getValue())
        .containsOnly(150);
    assertThat(hooks.calledFor).filteredOn(c -> c.startsWith("endpoints"))
        .containsExactly("endpoints " + CLUSTER, "endpoints " + PLAIN_CLUSTER);
    // Translation hook: last, with the gateway's policies; what it returns replaces the clusters.
    assertThat(hasCluster(r, ScriptedHooks.INJECTED_CLUSTER)).isTrue();
    assertThat(hooks.translateContexts).singleElement().satisfies(c ->
        assertThat(c.extensionResources()).extracting(ExtensionResource::name).containsExactly("audit"));
    assertThat(hooks.calledFor.getLast()).isEqualTo("translation translation");
  }

  @Test
  void withoutExtensionsNothingIsCalledAndNothingChanges() {
    XdsResources plain = TRANSLATOR.translate(ir);
    assertThat(marked(route(plain, ROUTE))).isFalse();
    assertThat(hasCluster(plain, ScriptedHooks.INJECTED_CLUSTER)).isFalse();
    assertThat(hooks.calledFor).isEmpty();
  }

  static List<Arguments> everyHookAndFailure() {
    return EnumSet.allOf(XdsHook.class).stream().flatMap(h -> EnumSet.allOf(Failure.class).stream()
        .map(f -> Arguments.of(h, f))).toList();
  }

  @ParameterizedTest(name = "{0} hook, {1}: fail closed")
  @MethodSource("everyHookAndFailure")
  void failClosedAnswers500WhereTheHookFailed(XdsHook hook, Failure failure) throws Exception {
    Outcome o = translate(hook, failure, FailureMode.FAIL_CLOSED);
    XdsResources r = o.resources();

    // Endpoints fail for each route's cluster: two calls.
    assertThat(o.failures()).as("failures").hasSize(hook == XdsHook.ENDPOINTS ? 2 : 1).allSatisfy(f -> {
      assertThat(f.extension()).isEqualTo("failing");
      assertThat(f.hook()).isEqualTo(hook);
      assertThat(f.handledAs()).isEqualTo(FailureMode.FAIL_CLOSED);
      assertThat(f.message()).contains(switch (failure) {
        case ERROR_STATUS -> "INTERNAL";
        case DEADLINE_EXCEEDED, SERVER_DOWN -> "DEADLINE_EXCEEDED";
        case MALFORMED_RESPONSE -> "malformed response";
      });
    });
    assertThat(o.registry().get("attache.extension.hook.failures").tag("extension", "failing")
        .tag("hook", hook.configName()).tag("handled_as", "fail_closed").counter().count())
        .isEqualTo(o.failures().size());
    switch (hook) {
      case ROUTE -> {
        assertThat(answers500(route(r, ROUTE))).isTrue();
        assertThat(route(r, ROUTE).getMatch().getPrefix()).isEqualTo("/");
        assertThat(answers500(route(r, PLAIN_ROUTE))).isFalse();
      }
      case VIRTUAL_HOST -> assertThat(virtualHost(r).getRoutesList()).singleElement().satisfies(x -> {
        assertThat(x.getName()).isEqualTo("error_route");
        assertThat(answers500(x)).isTrue();
      });
      case HTTP_LISTENER -> {
        HttpConnectionManager hcm = hcm(listener(r));
        assertThat(hcm.hasRds()).isFalse();
        assertThat(answers500(hcm.getRouteConfig().getVirtualHosts(0).getRoutes(0))).isTrue();
      }
      case CLUSTER -> {
        assertThat(hasCluster(r, CLUSTER)).isFalse();
        assertThat(r.endpoints()).noneMatch(la -> la.getClusterName().equals(CLUSTER));
        assertThat(answers500(route(r, ROUTE))).isTrue();
        assertThat(answers500(route(r, PLAIN_ROUTE))).isFalse();
      }
      case ENDPOINTS -> {
        // Both clusters' endpoints go through the failing hook.
        assertThat(hasCluster(r, CLUSTER)).isFalse();
        assertThat(hasCluster(r, PLAIN_CLUSTER)).isFalse();
        assertThat(r.endpoints()).isEmpty();
        assertThat(answers500(route(r, ROUTE))).isTrue();
        assertThat(answers500(route(r, PLAIN_ROUTE))).isTrue();
      }
      case TRANSLATION -> {
        HttpConnectionManager hcm = hcm(listener(r));
        assertThat(answers500(hcm.getRouteConfig().getVirtualHosts(0).getRoutes(0))).isTrue();
        assertThat(hasCluster(r, ScriptedHooks.INJECTED_CLUSTER)).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0} hook, {1}: fail open")
  @MethodSource("everyHookAndFailure")
  void failOpenKeepsTheUnmodifiedResource(XdsHook hook, Failure failure) throws Exception {
    Outcome o = translate(hook, failure, FailureMode.FAIL_OPEN);
    XdsResources r = o.resources();

    assertThat(o.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.handledAs()).isEqualTo(FailureMode.FAIL_OPEN));
    assertThat(o.keepLastGood()).isFalse();
    assertThat(r.routes().stream().flatMap(rc -> rc.getVirtualHostsList().stream())
        .flatMap(vh -> vh.getRoutesList().stream())).noneMatch(HookCallsEndToEndTest::answers500);
    assertThat(hcm(listener(r)).hasRds()).isTrue();
    assertThat(hasCluster(r, CLUSTER)).isTrue();
    assertThat(hasCluster(r, PLAIN_CLUSTER)).isTrue();
    switch (hook) {
      case ROUTE -> assertThat(marked(route(r, ROUTE))).isFalse();
      case VIRTUAL_HOST -> assertThat(virtualHost(r).getResponseHeadersToAddList()).isEmpty();
      case HTTP_LISTENER -> assertThat(listener(r).getStatPrefix()).isNotEqualTo(ScriptedHooks.MARK);
      case CLUSTER -> assertThat(cluster(r, CLUSTER).getConnectTimeout().getSeconds()).isEqualTo(10);
      case ENDPOINTS -> assertThat(r.endpoints()).hasSize(2)
          .allSatisfy(la -> assertThat(la.hasPolicy()).isFalse());
      case TRANSLATION -> assertThat(hasCluster(r, ScriptedHooks.INJECTED_CLUSTER)).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} hook: keep last good")
  @EnumSource(XdsHook.class)
  void keepLastGoodAsksNotToPublish(XdsHook hook) {
    Outcome o = translate(hook, Failure.ERROR_STATUS, FailureMode.KEEP_LAST_GOOD);
    assertThat(o.keepLastGood()).isTrue();
    assertThat(o.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.toString())
        .contains("extension \"failing\": " + hook.configName() + " hook failed", "keeping the last good snapshot"));
  }

  @Test
  void theNextSuccessfulTranslationRestoresEverything() {
    XdsResources good = allGood().resources();
    Outcome failed = translate(XdsHook.HTTP_LISTENER, Failure.ERROR_STATUS, FailureMode.FAIL_CLOSED);
    assertThat(failed.resources()).isNotEqualTo(good);
    hooks.reset();

    XdsResources recovered = allGood().resources();
    assertThat(recovered).isEqualTo(good);
  }

  @Test
  void aHungExtensionCostsOneDeadlinePerTranslationNotOnePerRoute() throws Exception {
    StringBuilder yaml = new StringBuilder("http:\n- name: default/eg/http\n  address: 0.0.0.0\n  port: 10080\n"
        + "  hostnames: ['*']\n  routes:\n");
    int routes = 30;
    for (int i = 0; i < routes; i++) {
      yaml.append("  - name: route-").append(i).append('\n')
          .append("    hostname: www.example.com\n")
          .append("    pathMatch: {prefix: /r").append(i).append("}\n")
          .append("    directResponse: {statusCode: 204}\n")
          .append("    extensionRefs:\n")
          .append("    - object: {apiVersion: example.attache.dev/v1alpha1, kind: HeaderStamp, metadata: {name: s}}\n");
    }
    Xds many = IrYaml.readXds(yaml.toString());
    hooks.set(XdsHook.ROUTE, Behaviour.STALL);
    ConfiguredExtension hung = extension("hung", server.port(), EnumSet.of(XdsHook.ROUTE), FailureMode.FAIL_OPEN,
        DEADLINE);
    try (HookChain chain = new HookChain(List.of(hung), null)) {
      HookRun run = chain.start();
      long t0 = System.nanoTime();
      TRANSLATOR.translate(many, run);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(run.failures()).hasSize(routes);
      assertThat(run.failures().getFirst().message()).contains("DEADLINE_EXCEEDED");
      assertThat(run.failures().getLast().message())
          .startsWith("not called: the extension did not answer an earlier call of this translation");
      assertThat(hooks.calledFor).filteredOn(c -> c.startsWith("route ")).hasSize(1);
      assertThat(took).isLessThan(DEADLINE.multipliedBy(5));
    }
  }

  @Test
  void aChainPassesEachExtensionsOutputToTheNext() {
    ConfiguredExtension first = extension("first", server.port(), EnumSet.of(XdsHook.ROUTE), FailureMode.FAIL_CLOSED);
    ConfiguredExtension second = extension("second", server.port(), EnumSet.of(XdsHook.ROUTE), FailureMode.FAIL_CLOSED);
    XdsResources r = run(List.of(first, second)).resources();
    assertThat(route(r, ROUTE).getResponseHeadersToAddList()).containsExactly(
        ScriptedHooks.mark("route"), ScriptedHooks.mark("route"));
  }
}

package dev.attache.control.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.extension.ConfiguredExtension.TranslationInclude;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.HookServer;
import dev.attache.extension.sdk.TranslateResources;
import dev.attache.extension.testkit.HookTestKit;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hook pass against real extension servers on loopback, including each failure mode. */
class ExtensionHookPassTest {
  private static final String STAMP = """
      apiVersion: example.attache.dev/v1alpha1
      kind: HeaderStamp
      metadata: {name: stamp, namespace: default}
      spec: {headers: [{name: x-team, value: payments}]}
      """;

  private final List<HookServer> servers = new ArrayList<>();
  private final List<ExtensionClient> clients = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    clients.forEach(ExtensionClient::close);
    servers.forEach(HookServer::close);
  }

  private ConfiguredExtension extension(String name, ExtensionHooks hooks, FailureMode mode, XdsHook... subscribed) {
    HookServer server = HookServer.builder(hooks).host("127.0.0.1").port(0).build().start();
    servers.add(server);
    ExtensionClient client = ExtensionClient.builder(name).address("127.0.0.1", server.port())
        .deadline(Duration.ofSeconds(5)).build();
    clients.add(client);
    return new ConfiguredExtension(name, client, Set.of(subscribed), TranslationInclude.DEFAULT, mode);
  }

  private static Route route(String name, String cluster) {
    return Route.newBuilder().setName(name).setMatch(RouteMatch.newBuilder().setPrefix("/" + name))
        .setRoute(RouteAction.newBuilder().setCluster(cluster)).build();
  }

  private static Listener httpListener(String name) {
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix("http")
        .setRds(Rds.newBuilder().setRouteConfigName(name)).build();
    return Listener.newBuilder().setName(name)
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm))))
        .build();
  }

  /** One HTTP listener with a virtual host of two routes, each to its own cluster. */
  private static XdsResources resources() {
    RouteConfiguration rc = RouteConfiguration.newBuilder().setName("default/eg/http")
        .addVirtualHosts(VirtualHost.newBuilder().setName("default/eg/http/www_example_com").addDomains("www.example.com")
            .addRoutes(route("r1", "c1")).addRoutes(route("r2", "c2")))
        .build();
    return XdsResources.empty().withResources(List.of(httpListener("default/eg/http")), List.of(rc),
        List.of(Cluster.newBuilder().setName("c1").build(), Cluster.newBuilder().setName("c2").build()),
        List.of(ClusterLoadAssignment.newBuilder().setClusterName("c1").build(),
            ClusterLoadAssignment.newBuilder().setClusterName("c2").build()),
        List.of());
  }

  private static HookInputs stampOnR1() {
    return new HookInputs(
        Map.of("r1", new HookContext.Route(List.of(HookTestKit.resource(STAMP)), List.of("www.example.com"), List.of())),
        Map.of(), Map.of(), new HookContext.Translate(List.of()));
  }

  private static Route routeNamed(XdsResources r, String name) {
    return r.routes().getFirst().getVirtualHosts(0).getRoutesList().stream()
        .filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
  }

  private static HttpConnectionManager hcm(Listener l) throws Exception {
    return l.getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
  }

  private static ExtensionHooks failing(XdsHook hook) {
    return new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route c) {
        return fail(hook, XdsHook.ROUTE, route);
      }

      @Override
      public VirtualHost postVirtualHostModify(VirtualHost vh, HookContext.VirtualHost c) {
        return fail(hook, XdsHook.VIRTUAL_HOST, vh);
      }

      @Override
      public Listener postHttpListenerModify(Listener l, HookContext.Listener c) {
        return fail(hook, XdsHook.HTTP_LISTENER, l);
      }

      @Override
      public Cluster postClusterModify(Cluster cl, HookContext.Cluster c) {
        return fail(hook, XdsHook.CLUSTER, cl);
      }

      @Override
      public TranslateResources postTranslateModify(TranslateResources r, HookContext.Translate c) {
        return fail(hook, XdsHook.TRANSLATION, r);
      }

      private <T> T fail(XdsHook which, XdsHook self, T value) {
        if (which == self) {
          throw new IllegalStateException("backend registry unreachable");
        }
        return value;
      }
    };
  }

  @Test
  void routeHookChangesOnlyRoutesThatUseExtensionResources() {
    var pass = new ExtensionHookPass(List.of(extension("stamp", new HeaderStampHooks(), FailureMode.FAIL_CLOSED, XdsHook.ROUTE)), registry);

    var result = pass.apply(resources(), stampOnR1());

    assertThat(result.failures()).isEmpty();
    assertThat(routeNamed(result.resources(), "r1").getRequestHeadersToAddList())
        .extracting(h -> h.getHeader().getKey()).containsExactly("x-team");
    assertThat(routeNamed(result.resources(), "r2")).isEqualTo(route("r2", "c2"));
  }

  @Test
  void failedRouteHookMakesThatRouteAnswer500AndTheNextGoodPassRestoresIt() {
    var broken = new ExtensionHookPass(List.of(extension("broken", failing(XdsHook.ROUTE), FailureMode.FAIL_CLOSED, XdsHook.ROUTE)), registry);

    var result = broken.apply(resources(), stampOnR1());

    Route r1 = routeNamed(result.resources(), "r1");
    assertThat(r1.getDirectResponse().getStatus()).isEqualTo(500);
    assertThat(r1.getName()).isEqualTo("r1");
    assertThat(r1.getMatch().getPrefix()).isEqualTo("/r1");
    assertThat(routeNamed(result.resources(), "r2")).isEqualTo(route("r2", "c2"));
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.extension()).isEqualTo("broken");
      assertThat(f.hook()).isEqualTo(XdsHook.ROUTE);
      assertThat(f.toString()).contains("route r1").contains("backend registry unreachable").contains("answering 500");
    });
    assertThat(registry.get("attache.extension.hook.failures").tag("extension", "broken").counter().count()).isEqualTo(1);

    // The extension recovers: the next translation of the same input is whole again.
    var healed = new ExtensionHookPass(List.of(extension("broken", new HeaderStampHooks(), FailureMode.FAIL_CLOSED, XdsHook.ROUTE)), registry);
    Route restored = routeNamed(healed.apply(resources(), stampOnR1()).resources(), "r1");
    assertThat(restored.hasRoute()).isTrue();
    assertThat(restored.getRoute().getCluster()).isEqualTo("c1");
  }

  @Test
  void failOpenKeepsTheUnmodifiedRoute() {
    var pass = new ExtensionHookPass(List.of(extension("lenient", failing(XdsHook.ROUTE), FailureMode.FAIL_OPEN, XdsHook.ROUTE)), registry);
    var result = pass.apply(resources(), stampOnR1());
    assertThat(routeNamed(result.resources(), "r1")).isEqualTo(route("r1", "c1"));
    assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.toString()).contains("kept unmodified"));
    assertThat(result.keepLastGood()).isFalse();
  }

  @Test
  void keepLastGoodAsksTheCallerNotToPublish() {
    var pass = new ExtensionHookPass(List.of(extension("careful", failing(XdsHook.ROUTE), FailureMode.KEEP_LAST_GOOD, XdsHook.ROUTE)), registry);
    var result = pass.apply(resources(), stampOnR1());
    assertThat(result.keepLastGood()).isTrue();
    assertThat(routeNamed(result.resources(), "r1")).isEqualTo(route("r1", "c1"));
  }

  @Test
  void failedVirtualHostHookLeavesOneCatchAll500Route() {
    var pass = new ExtensionHookPass(List.of(extension("vh", failing(XdsHook.VIRTUAL_HOST), FailureMode.FAIL_CLOSED, XdsHook.VIRTUAL_HOST)), registry);
    VirtualHost vh = pass.apply(resources(), HookInputs.NONE).resources().routes().getFirst().getVirtualHosts(0);
    assertThat(vh.getName()).isEqualTo("default/eg/http/www_example_com");
    assertThat(vh.getRoutesList()).singleElement().satisfies(r -> {
      assertThat(r.getName()).isEqualTo("error_route");
      assertThat(r.getMatch().getPrefix()).isEqualTo("/");
      assertThat(r.getDirectResponse().getStatus()).isEqualTo(500);
    });
  }

  @Test
  void failedListenerHookMakesEveryRouteOnTheListenerAnswer500() throws Exception {
    var pass = new ExtensionHookPass(List.of(extension("l", failing(XdsHook.HTTP_LISTENER), FailureMode.FAIL_CLOSED, XdsHook.HTTP_LISTENER)), registry);
    HttpConnectionManager hcm = hcm(pass.apply(resources(), HookInputs.NONE).resources().listeners().getFirst());
    assertThat(hcm.hasRds()).isFalse();
    assertThat(hcm.getRouteConfig().getName()).isEqualTo("error_route_configuration");
    assertThat(hcm.getRouteConfig().getVirtualHosts(0).getDomainsList()).containsExactly("*");
    assertThat(hcm.getRouteConfig().getVirtualHosts(0).getRoutes(0).getDirectResponse().getStatus()).isEqualTo(500);
  }

  @Test
  void failedTranslationHookMakesEveryListenerAnswer500() throws Exception {
    var pass = new ExtensionHookPass(List.of(extension("t", failing(XdsHook.TRANSLATION), FailureMode.FAIL_CLOSED, XdsHook.TRANSLATION)), registry);
    var out = pass.apply(resources(), HookInputs.NONE).resources();
    assertThat(hcm(out.listeners().getFirst()).getRouteConfig().getName()).isEqualTo("error_route_configuration");
    assertThat(out.clusters()).extracting(Cluster::getName).containsExactly("c1", "c2");
  }

  @Test
  void failedClusterHookDropsTheClusterAndItsRoutesAnswer500() {
    var pass = new ExtensionHookPass(List.of(extension("s3", failing(XdsHook.CLUSTER), FailureMode.FAIL_CLOSED, XdsHook.CLUSTER)), registry);
    var inputs = new HookInputs(Map.of(), Map.of(), Map.of("c2", new HookContext.Cluster(List.of())), new HookContext.Translate(List.of()));
    var out = pass.apply(resources(), inputs).resources();
    assertThat(out.clusters()).extracting(Cluster::getName).containsExactly("c1");
    assertThat(out.endpoints()).extracting(ClusterLoadAssignment::getClusterName).containsExactly("c1");
    assertThat(routeNamed(out, "r2").getDirectResponse().getStatus()).isEqualTo(500);
    assertThat(routeNamed(out, "r1").getRoute().getCluster()).isEqualTo("c1");
  }

  @Test
  void chainedExtensionsSeeEachOthersOutputInOrder() {
    ExtensionHooks second = new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route c) {
        // Sees the first extension's header, and adds its own after it.
        String seen = route.getRequestHeadersToAddList().stream().map(h -> h.getHeader().getKey()).toList().toString();
        return route.toBuilder().addRequestHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey("x-second").setValue(seen))).build();
      }
    };
    var pass = new ExtensionHookPass(List.of(
        extension("first", new HeaderStampHooks(), FailureMode.FAIL_CLOSED, XdsHook.ROUTE),
        extension("second", second, FailureMode.FAIL_CLOSED, XdsHook.ROUTE)), registry);

    Route r1 = routeNamed(pass.apply(resources(), stampOnR1()).resources(), "r1");

    assertThat(r1.getRequestHeadersToAddList()).extracting(h -> h.getHeader().getKey() + "=" + h.getHeader().getValue())
        .containsExactly("x-team=payments", "x-second=[x-team]");
  }

  @Test
  void translationHookSeesOnlyIncludedTypesAndReplacesThem() {
    AtomicReference<TranslateResources> seen = new AtomicReference<>();
    ExtensionHooks adds = new ExtensionHooks() {
      @Override
      public TranslateResources postTranslateModify(TranslateResources r, HookContext.Translate c) {
        seen.set(r);
        List<Cluster> clusters = new ArrayList<>(r.clusters());
        clusters.add(Cluster.newBuilder().setName("ext-authz").build());
        return new TranslateResources(clusters, r.secrets(), r.listeners(), r.routes());
      }
    };
    var pass = new ExtensionHookPass(List.of(extension("t", adds, FailureMode.FAIL_CLOSED, XdsHook.TRANSLATION)), registry);
    var out = pass.apply(resources(), HookInputs.NONE).resources();

    assertThat(seen.get().listeners()).as("listeners are not included by default").isEmpty();
    assertThat(seen.get().clusters()).hasSize(2);
    assertThat(out.clusters()).extracting(Cluster::getName).containsExactly("c1", "c2", "ext-authz");
    assertThat(out.listeners()).hasSize(1);
  }

  @Test
  void hooksNotSubscribedAreNotCalled() {
    var pass = new ExtensionHookPass(List.of(extension("quiet", failing(XdsHook.ROUTE), FailureMode.FAIL_CLOSED, XdsHook.VIRTUAL_HOST)), registry);
    var result = pass.apply(resources(), stampOnR1());
    assertThat(result.failures()).isEmpty();
    assertThat(routeNamed(result.resources(), "r1")).isEqualTo(route("r1", "c1"));
  }
}

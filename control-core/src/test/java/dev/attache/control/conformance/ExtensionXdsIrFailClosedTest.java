package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.extension.HookChain;
import dev.attache.control.extension.HookFailure;
import dev.attache.control.extension.HookRun;
import dev.attache.control.extension.XdsHook;
import dev.attache.control.ir.IrYaml;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.sdk.HookServer;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code *-error} cases of the extension corpus with the extension failing closed (Envoy
 * Gateway's {@code TestTranslateXdsWithExtensionErrorsWhenFailClosed} inputs and error texts):
 * each failure is reported with upstream's message, and the affected resources take Envoy
 * Gateway v1.3's fail-closed shapes.
 */
class ExtensionXdsIrFailClosedTest {
  private static Path in;
  private static HookServer server;
  private static ExtensionClient client;
  private static HookChain chain;

  @BeforeAll
  static void start() {
    Path projectRoot = Path.of(System.getProperty("attache.projectRoot", "."));
    in = projectRoot.resolve("../shared/conformance/envoy-gateway/xds/in/extension-xds-ir").normalize();
    assumeTrue(Files.isDirectory(in), "NOT CHECKED: the Envoy Gateway golden corpus is absent at " + in);
    server = HookServer.builder(new ReferenceExtension()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start();
    client = ExtensionClient.builder("extension").address("127.0.0.1", server.port())
        .deadline(Duration.ofSeconds(10)).build();
    chain = ExtensionXdsIrCases.chain(client, FailureMode.FAIL_CLOSED);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
      server.close();
    }
  }

  private record Outcome(XdsResources resources, List<HookFailure> failures) {}

  private static Outcome translate(String name) throws Exception {
    HookRun run = chain.start();
    XdsResources r = ExtensionXdsIrCases.translator()
        .translate(IrYaml.readXds(Files.readString(in.resolve(name + ".yaml"))), run);
    return new Outcome(r, run.failures());
  }

  private static List<Route> routes(XdsResources r) {
    List<Route> out = new ArrayList<>();
    for (RouteConfiguration rc : r.routes()) {
      rc.getVirtualHostsList().forEach(vh -> out.addAll(vh.getRoutesList()));
    }
    return out;
  }

  private static List<HttpConnectionManager> connectionManagers(Listener l) throws Exception {
    List<FilterChain> chains = new ArrayList<>(l.getFilterChainsList());
    if (l.hasDefaultFilterChain()) {
      chains.add(l.getDefaultFilterChain());
    }
    List<HttpConnectionManager> out = new ArrayList<>();
    for (FilterChain c : chains) {
      for (var f : c.getFiltersList()) {
        if (f.getTypedConfig().is(HttpConnectionManager.class)) {
          out.add(f.getTypedConfig().unpack(HttpConnectionManager.class));
        }
      }
    }
    return out;
  }

  private static void assertAnswers500(Listener l) throws Exception {
    assertThat(connectionManagers(l)).isNotEmpty().allSatisfy(hcm -> {
      assertThat(hcm.hasRds()).isFalse();
      assertThat(hcm.getRouteConfig().getName()).isEqualTo("error_route_configuration");
      Route only = hcm.getRouteConfig().getVirtualHosts(0).getRoutes(0);
      assertThat(only.getDirectResponse().getStatus()).isEqualTo(500);
      assertThat(only.getMatch().getPrefix()).isEqualTo("/");
    });
  }

  private static void assertFailure(Outcome o, XdsHook hook, String upstreamMessage) {
    assertThat(o.failures()).singleElement().satisfies(f -> {
      assertThat(f.hook()).isEqualTo(hook);
      assertThat(f.extension()).isEqualTo("extension");
      assertThat(f.message()).contains("UNKNOWN").contains(upstreamMessage);
      assertThat(f.handledAs()).isEqualTo(FailureMode.FAIL_CLOSED);
    });
  }

  @Test
  void routeHookErrorMakesThatRouteAnswer500() throws Exception {
    Outcome o = translate("http-route-extension-route-error");
    assertFailure(o, XdsHook.ROUTE, "route hook resource error");
    assertThat(routes(o.resources())).singleElement().satisfies(r -> {
      assertThat(r.getName()).isEqualTo("extension-post-xdsroute-hook-error");
      assertThat(r.getMatch().getPrefix()).isEqualTo("/");
      assertThat(r.hasRoute()).isFalse();
      assertThat(r.getDirectResponse().getStatus()).isEqualTo(500);
    });
  }

  @Test
  void virtualHostHookErrorLeavesOneCatchAll500Route() throws Exception {
    Outcome o = translate("http-route-extension-virtualhost-error");
    assertFailure(o, XdsHook.VIRTUAL_HOST, "extension post xds virtual host hook error");
    var vh = o.resources().routes().getFirst().getVirtualHosts(0);
    assertThat(vh.getName()).isEqualTo("extension-post-xdsvirtualhost-hook-error/*");
    assertThat(vh.getRoutesList()).singleElement().satisfies(r -> {
      assertThat(r.getName()).isEqualTo("error_route");
      assertThat(r.getDirectResponse().getStatus()).isEqualTo(500);
    });
  }

  @Test
  void listenerHookErrorMakesEveryRouteOnItAnswer500() throws Exception {
    Outcome o = translate("http-route-extension-listener-error");
    assertFailure(o, XdsHook.HTTP_LISTENER, "extension post xds listener hook error");
    assertAnswers500(o.resources().listeners().getFirst());
  }

  @Test
  void listenerHookErrorOnTlsChainsCoversEveryChain() throws Exception {
    Outcome o = translate("multiple-listeners-same-port-error");
    assertFailure(o, XdsHook.HTTP_LISTENER,
        "simulate error when there is no default filter chain in the original resources");
    Listener l = o.resources().listeners().getFirst();
    assertThat(l.getFilterChainsCount()).isEqualTo(2);
    assertAnswers500(l);
  }

  @Test
  void translationHookErrorMakesEveryListenerAnswer500() throws Exception {
    Outcome o = translate("http-route-extension-translate-error");
    assertFailure(o, XdsHook.TRANSLATION, "cluster hook resource error: fail-close-error");
    assertThat(o.resources().listeners()).isNotEmpty();
    for (Listener l : o.resources().listeners()) {
      assertAnswers500(l);
    }
  }

  @Test
  void translationHookErrorWithoutListenersReportsTheFailure() throws Exception {
    Outcome o = translate("extensionpolicy-extension-server-error");
    assertFailure(o, XdsHook.TRANSLATION, "invalid extension policy : ext-server-policy-invalid-test");
    assertThat(o.resources().clusters()).isEmpty();
  }

  @Test
  void clusterHookErrorDropsTheClusterAndItsRoutesAnswer500() throws Exception {
    for (var c : List.of(new String[] {"http-route-custom-backend-error", "inference pool target port number is 0"},
        new String[] {"http-route-custom-backend-multiple-backend-error", "inference pool only support one per rule"})) {
      Outcome o = translate(c[0]);
      assertThat(o.failures()).as(c[0]).singleElement().satisfies(f -> {
        assertThat(f.hook()).isEqualTo(XdsHook.CLUSTER);
        assertThat(f.message()).contains(c[1]);
      });
      assertThat(o.resources().clusters()).as(c[0]).noneMatch(x -> x.getName().equals("custom-backend-dest"));
      assertThat(o.resources().endpoints()).as(c[0])
          .noneMatch(x -> x.getClusterName().equals("custom-backend-dest"));
      assertThat(routes(o.resources())).as(c[0]).isNotEmpty().allSatisfy(r ->
          assertThat(r.getDirectResponse().getStatus()).isEqualTo(500));
    }
  }
}

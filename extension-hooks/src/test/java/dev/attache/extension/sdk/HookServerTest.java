package dev.attache.extension.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.client.HookCallException;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.testkit.HookTestKit;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookServerTest {
  private static final Route ROUTE = Route.newBuilder().setName("httproute/default/backend/rule/0/match/0/www_example_com")
      .setMatch(RouteMatch.newBuilder().setPrefix("/")).build();
  private static final String STAMP = """
      apiVersion: example.attache.dev/v1alpha1
      kind: HeaderStamp
      metadata: {name: stamp, namespace: default}
      spec:
        headers:
        - {name: x-team, value: payments}
        - {name: x-tier, value: gold}
      """;

  @Test
  void hooksNotImplementedPassResourcesThroughUnchanged() throws Exception {
    try (HookTestKit kit = HookTestKit.start(new ExtensionHooks() {})) {
      ExtensionClient c = kit.client();
      VirtualHost vh = VirtualHost.newBuilder().setName("vh").addDomains("*").addRoutes(ROUTE).build();
      Listener l = Listener.newBuilder().setName("default/eg/http").build();
      Cluster cl = Cluster.newBuilder().setName("c").build();
      ClusterLoadAssignment la = ClusterLoadAssignment.newBuilder().setClusterName("c").build();

      assertThat(c.postRouteModify(ROUTE, new HookContext.Route(List.of(), List.of("www.example.com"), List.of())))
          .isEqualTo(ROUTE);
      assertThat(c.postVirtualHostModify(vh)).isEqualTo(vh);
      assertThat(c.postHttpListenerModify(l, new HookContext.Listener(List.of()))).isEqualTo(l);
      assertThat(c.postClusterModify(cl, new HookContext.Cluster(List.of()))).isEqualTo(cl);
      assertThat(c.postEndpointsModify(la)).isEqualTo(la);
      TranslateResources all = new TranslateResources(List.of(cl), List.of(), List.of(l), List.of());
      assertThat(c.postTranslateModify(all, new HookContext.Translate(List.of()))).isEqualTo(all);
    }
  }

  @Test
  void exampleHookAddsTheHeadersOfItsResource() throws Exception {
    try (HookTestKit kit = HookTestKit.start(new HeaderStampHooks())) {
      Route out = kit.client().postRouteModify(ROUTE,
          new HookContext.Route(List.of(HookTestKit.resource(STAMP)), List.of("www.example.com"), List.of()));

      assertThat(out.getRequestHeadersToAddList())
          .extracting(h -> h.getHeader().getKey() + "=" + h.getHeader().getValue())
          .containsExactly("x-team=payments", "x-tier=gold");
      assertThat(out.getName()).isEqualTo(ROUTE.getName());
    }
  }

  @Test
  void contextCarriesResourcesHostnamesAndPolicies() throws Exception {
    List<HookContext.Route> seen = new ArrayList<>();
    ExtensionHooks recording = new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route context) {
        seen.add(context);
        return route;
      }
    };
    try (HookTestKit kit = HookTestKit.start(recording)) {
      kit.client().postRouteModify(ROUTE, new HookContext.Route(List.of(HookTestKit.resource(STAMP)),
          List.of("a.example.com", "b.example.com"), List.of(HookTestKit.resource(STAMP.replace("stamp", "policy")))));
    }
    HookContext.Route ctx = seen.getFirst();
    assertThat(ctx.hostnames()).containsExactly("a.example.com", "b.example.com");
    assertThat(ctx.extensionResources()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("HeaderStamp");
      assertThat(r.group()).isEqualTo("example.attache.dev");
      assertThat(r.namespace() + "/" + r.name()).isEqualTo("default/stamp");
    });
    assertThat(ctx.extensionPolicies()).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("policy"));
  }

  @Test
  void translateHookReplacesTheResourceLists() throws Exception {
    ExtensionHooks addsCluster = new ExtensionHooks() {
      @Override
      public TranslateResources postTranslateModify(TranslateResources r, HookContext.Translate context) {
        List<Cluster> clusters = new ArrayList<>(r.clusters());
        clusters.add(Cluster.newBuilder().setName("ext-authz").build());
        return new TranslateResources(clusters, r.secrets(), r.listeners(), r.routes());
      }
    };
    try (HookTestKit kit = HookTestKit.start(addsCluster)) {
      TranslateResources out = kit.client().postTranslateModify(
          new TranslateResources(List.of(Cluster.newBuilder().setName("backend").build()), List.of(), List.of(), List.of()),
          new HookContext.Translate(List.of()));
      assertThat(out.clusters()).extracting(Cluster::getName).containsExactly("backend", "ext-authz");
    }
  }

  @Test
  void hookErrorsReachTheCallerWithTheirStatusAndTheHookName() {
    ExtensionHooks failing = new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route context) throws HookException {
        throw new HookException(Status.Code.FAILED_PRECONDITION, "quota service not configured");
      }

      @Override
      public Listener postHttpListenerModify(Listener listener, HookContext.Listener context) {
        throw new IllegalStateException("bug in the hook");
      }
    };
    try (HookTestKit kit = HookTestKit.start(failing)) {
      assertThatThrownBy(() -> kit.client().postRouteModify(ROUTE, new HookContext.Route(List.of(), List.of(), List.of())))
          .isInstanceOfSatisfying(HookCallException.class, e -> {
            assertThat(e.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.hook()).isEqualTo("PostRouteModify");
            assertThat(e.getMessage()).isEqualTo("extension test-kit: PostRouteModify failed: FAILED_PRECONDITION: "
                + "PostRouteModify: quota service not configured");
          });
      assertThatThrownBy(() -> kit.client().postHttpListenerModify(Listener.getDefaultInstance(),
          new HookContext.Listener(List.of())))
          .isInstanceOfSatisfying(HookCallException.class,
              e -> assertThat(e.status().getCode()).isEqualTo(Status.Code.INTERNAL));
    }
  }

  @Test
  void aHungHookIsCutOffByTheDeadline() throws Exception {
    ExtensionHooks hung = new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route context) throws InterruptedException {
        Thread.sleep(5_000);
        return route;
      }
    };
    try (HookServer server = HookServer.builder(hung).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();
         ExtensionClient client = ExtensionClient.builder("slow").address("127.0.0.1", server.port())
             .deadline(Duration.ofMillis(300)).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.postRouteModify(ROUTE, new HookContext.Route(List.of(), List.of(), List.of())))
          .isInstanceOfSatisfying(HookCallException.class,
              e -> assertThat(e.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void servesOverAUnixSocket(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("ext.sock");
    var server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
        .forAddress(new io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress(socket.toString()))
        .channelType(io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(new io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup(1))
        .workerEventLoopGroup(new io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup(1))
        .addService(new HookService(new HeaderStampHooks(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
        .build().start();
    try (ExtensionClient client = ExtensionClient.builder("uds").unixSocket(socket).build()) {
      Route out = client.postRouteModify(ROUTE,
          new HookContext.Route(List.of(HookTestKit.resource(STAMP)), List.of(), List.of()));
      assertThat(out.getRequestHeadersToAddCount()).isEqualTo(2);
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void adminPortServesHookMetrics() throws Exception {
    try (HookServer server = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0).adminPort(0)
        .build().start();
         ExtensionClient client = ExtensionClient.builder("m").address("127.0.0.1", server.port()).build()) {
      client.postRouteModify(ROUTE, new HookContext.Route(List.of(), List.of(), List.of()));
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("attache_extension_hook_calls_seconds_count{hook=\"PostRouteModify\",result=\"ok\"} 1");
    }
  }
}

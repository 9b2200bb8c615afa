package dev.attache.bench.control;

import dev.attache.control.extension.ExtensionConfigFile;
import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.pipeline.TranslationPipeline;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.HookServer;
import dev.attache.extension.testkit.HookTestKit;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a route hook costs the translation: {@link TranslationBenchmark}'s 1,000 HTTPRoutes, each
 * with the worked example's {@code HeaderStamp} ExtensionRef filter, translated by the whole
 * pipeline with the example's extension server on 127.0.0.1 subscribed to the Route hook (one
 * gRPC call per route, made in turn as Envoy Gateway makes them), against the same routes
 * without the filter and without extensions, and against the filtered routes with the extension
 * configured but not subscribed to the Route hook (the Gateway API translator's share of the
 * filters, so the difference to it is the hook calls alone), in the same run. Rounds alternate
 * between the three so that noise of the shared machine falls on all. Also measured: the same hook called alone,
 * back to back through the client, for the cost of one call without the translation around it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.attache.bench.control.ExtensionHookBenchmark [--rounds N] [--routes N]
 * </pre>
 */
public final class ExtensionHookBenchmark {
  private static final String FILTER = """
          - type: ExtensionRef
            extensionRef: {group: example.attache.dev, kind: HeaderStamp, name: stamp}
      """;
  private static final String STAMP = """
      ---
      apiVersion: example.attache.dev/v1alpha1
      kind: HeaderStamp
      metadata: {name: stamp, namespace: benchmark-test}
      spec:
        headers: [{name: x-benchmark, value: stamped}]
      """;

  private ExtensionHookBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = 7;
    int routes = 1_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--routes" -> routes = Integer.parseInt(args[++i]);
        case "--help" -> {
          System.out.println("usage: ExtensionHookBenchmark [--rounds N] [--routes N]   (defaults: 7 rounds, 1000 routes)");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]
            + " (expected: --rounds N or --routes N)");
      }
    }
    AtomicLong calls = new AtomicLong();
    HeaderStampHooks example = new HeaderStampHooks();
    ExtensionHooks counted = new ExtensionHooks() {
      @Override
      public Route postRouteModify(Route route, HookContext.Route context) {
        calls.incrementAndGet();
        return example.postRouteModify(route, context);
      }
    };
    try (HookServer server = HookServer.builder(counted).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)
        .build().start()) {
      try (ExtensionSetup extensions = setup(server.port(), "Route");
          ExtensionSetup noRouteHook = setup(server.port(), "VirtualHost")) {
        ResourceSet plain = TranslationBenchmark.resources(routes, -1);
        ReadResult read = ResourceLoader.forUsers(extensions.resourceKinds(), extensions.policyKinds())
            .load(Path.of("benchmark.yaml"), TranslationBenchmark.yaml(routes, -1, FILTER) + STAMP);
        if (!read.ok()) {
          throw new IllegalStateException("benchmark resources not understood: " + read.problems().getFirst());
        }
        ResourceSet stamped = read.resources();

        for (int i = 0; i < 3; i++) {
          translate(TranslationPipeline.defaults(), plain);
          translate(pipeline(noRouteHook), stamped);
          check(translate(pipeline(extensions), stamped), routes);
        }
        long[] without = new long[rounds];
        long[] filtersOnly = new long[rounds];
        long[] with = new long[rounds];
        for (int i = 0; i < rounds; i++) {
          without[i] = time(TranslationPipeline.defaults(), plain);
          filtersOnly[i] = time(pipeline(noRouteHook), stamped);
          long before = calls.get();
          with[i] = time(pipeline(extensions), stamped);
          if (calls.get() - before != routes) {
            throw new IllegalStateException("expected " + routes + " route hook calls, got " + (calls.get() - before));
          }
        }
        double perCallTranslation = (median(with) - median(filtersOnly)) * 1_000.0 / routes;
        report(routes + " HTTPRoutes, no extension (baseline)", without);
        report(routes + " HTTPRoutes + HeaderStamp filter, no Route hook", filtersOnly);
        report(routes + " HTTPRoutes + HeaderStamp filter, Route hook", with);
        System.out.printf(Locale.ROOT, "%-52s %8.1f µs per route hook call ((median with hook - median without) / %d)%n",
            "cost per hook call in the translation", perCallTranslation, routes);
        System.out.printf(Locale.ROOT, "%-52s %8.2f× the baseline's median%n",
            "translation with the Route hook", (double) median(with) / Math.max(1, median(without)));
        System.out.printf(Locale.ROOT, "%-52s %8.1f µs per call (median of %d rounds of 2,000 calls)%n",
            "one route hook call alone, back to back", alone(server.port(), rounds), rounds);
        extensions.failures().forEach((g, f) -> System.out.println("hook failures in " + g + ": " + f));
      }
    }
  }

  /** The example extension on {@code port}, subscribed to {@code hook}. */
  private static ExtensionSetup setup(int port, String hook) throws Exception {
    ExtensionConfigFile config = ExtensionConfigFile.parse(Path.of("envoy-gateway.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          resources: [{group: example.attache.dev, version: v1alpha1, kind: HeaderStamp}]
          hooks: {xdsTranslator: {post: [%s]}}
          service: {ip: {address: 127.0.0.1, port: %d}}
        """.formatted(hook, port));
    return new ExtensionSetup(config, TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, null);
  }

  private static TranslationPipeline pipeline(ExtensionSetup extensions) {
    return new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
        TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, extensions, null);
  }

  private static Map<String, XdsResources> translate(TranslationPipeline pipeline, ResourceSet resources) {
    Map<String, XdsResources> out = pipeline.translate(resources);
    if (out.isEmpty()) {
      throw new IllegalStateException("the benchmark gateway produced no xDS resources");
    }
    return out;
  }

  /** Every route carries the example's header: the hook ran on each. */
  private static void check(Map<String, XdsResources> out, int routes) {
    long stamped = out.values().stream().flatMap(x -> x.routes().stream())
        .flatMap(rc -> rc.getVirtualHostsList().stream()).flatMap(vh -> vh.getRoutesList().stream())
        .filter(r -> r.getRequestHeadersToAddList().stream().anyMatch(h -> h.getHeader().getKey().equals("x-benchmark")))
        .count();
    if (stamped != routes) {
      throw new IllegalStateException("expected " + routes + " stamped routes, got " + stamped);
    }
  }

  private static long time(TranslationPipeline pipeline, ResourceSet resources) {
    long t0 = System.nanoTime();
    translate(pipeline, resources);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Median µs per call of {@code rounds} rounds of back-to-back route hook calls. */
  private static double alone(int port, int rounds) {
    Route route = Route.newBuilder().setName("httproute/benchmark-test/benchmark-route-0/rule/0/match/0/www_benchmark-0_com")
        .build();
    HookContext.Route context = new HookContext.Route(List.of(HookTestKit.resource(STAMP.substring(4))),
        List.of("www.benchmark-0.com"), List.of());
    try (ExtensionClient client = ExtensionClient.builder("benchmark").address("127.0.0.1", port).build()) {
      int n = 2_000;
      double[] perCall = new double[rounds + 2];
      for (int r = 0; r < rounds + 2; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client.postRouteModify(route, context);
        }
        perCall[r] = (System.nanoTime() - t0) / 1_000.0 / n;
      }
      double[] measured = Arrays.copyOfRange(perCall, 2, perCall.length);
      Arrays.sort(measured);
      return measured[measured.length / 2];
    } catch (Exception e) {
      throw new IllegalStateException("route hook call failed: " + e.getMessage(), e);
    }
  }

  private static long median(long[] ms) {
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void report(String name, long[] ms) {
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%-52s median %6d ms, min %6d ms, max %6d ms over %d rounds%n",
        name, median(ms), sorted[0], sorted[sorted.length - 1], ms.length);
  }
}

package dev.attache.bench.control;

import dev.attache.control.pipeline.TranslationPipeline;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Control-plane translation speed, in Envoy Gateway's own benchmark shape (its
 * {@code ScaleHTTPRoute} test): one Gateway with one HTTP listener and N HTTPRoutes spread over
 * 5 hostnames ({@code www.benchmark-K.com}), each routing {@code /} to one Service with
 * endpoints. Each round runs the whole pipeline {@code attache serve} runs, resources to xDS
 * resources per gateway (Gateway API translator, xDS IR, xDS translator).
 *
 * <p>Measured: a full translation at 1,000 routes and at 10,000 routes (median and maximum of
 * the rounds after warm-up), the heap retained by the 1,000-route resources and their
 * translation (after a full GC), and a re-translation after one route changed at 1,000 routes.
 * Targets (issue 5): under 1 s, under 5 s, under 256 MiB, under 100 ms.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.attache.bench.control.TranslationBenchmark [--rounds N]
 * </pre>
 */
public final class TranslationBenchmark {
  private static final int HOSTNAMES = 5;

  private TranslationBenchmark() {}

  public static void main(String[] args) {
    int rounds = 7;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--help" -> {
          System.out.println("usage: TranslationBenchmark [--rounds N]   (default 7 measured rounds per size)");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (expected: --rounds N)");
      }
    }
    boolean met = true;
    ResourceSet thousand = resources(1_000, -1);
    long[] full = time(thousand, rounds);
    met &= report("1,000 HTTPRoutes, resources to xDS", full, 1_000);

    long heap = retainedHeap();
    boolean heapMet = heap < 256L * 1024 * 1024;
    System.out.printf(Locale.ROOT, "%-46s %8.1f MiB retained (target < 256 MiB) %s%n",
        "1,000 HTTPRoutes, heap after translation", heap / 1024.0 / 1024.0, heapMet ? "met" : "NOT met");
    met &= heapMet;

    long[] changed = timeChange(rounds);
    met &= report("1,000 HTTPRoutes, one route changed", changed, 100);

    ResourceSet tenThousand = resources(10_000, -1);
    long[] large = time(tenThousand, Math.max(3, rounds / 2));
    met &= report("10,000 HTTPRoutes, resources to xDS", large, 5_000);

    System.out.println(met ? "all targets met" : "some targets NOT met");
  }

  /** Resources of the benchmark shape; route {@code changed} (when ≥ 0) matches /changed instead of /. */
  static ResourceSet resources(int routes, int changed) {
    ReadResult read = ResourceLoader.forUsers().load(Path.of("benchmark.yaml"), yaml(routes, changed, ""));
    if (!read.ok()) {
      throw new IllegalStateException("benchmark resources not understood: " + read.problems().getFirst());
    }
    return read.resources();
  }

  /**
   * The YAML of the benchmark shape; {@code ruleFilters} (a YAML list item or items, indented for a
   * rule's {@code filters:}) is added to every route's rule when not empty.
   */
  static String yaml(int routes, int changed, String ruleFilters) {
    StringBuilder y = new StringBuilder(routes * 420);
    y.append("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: envoy-gateway
        spec:
          controllerName: gateway.envoyproxy.io/gatewayclass-controller
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: benchmark-test
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: benchmark
          namespace: benchmark-test
        spec:
          gatewayClassName: envoy-gateway
          listeners:
          - name: http
            port: 8081
            protocol: HTTP
            allowedRoutes:
              namespaces:
                from: Same
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: nighthawk-test-server
          namespace: benchmark-test
        spec:
          clusterIP: 10.96.0.10
          ports:
          - name: http
            port: 8080
            protocol: TCP
            targetPort: 8080
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: nighthawk-test-server-1
          namespace: benchmark-test
          labels:
            kubernetes.io/service-name: nighthawk-test-server
        addressType: IPv4
        ports:
        - name: http
          port: 8080
          protocol: TCP
        endpoints:
        - addresses: ["10.244.0.11"]
          conditions:
            ready: true
        - addresses: ["10.244.0.12"]
          conditions:
            ready: true
        """);
    for (int i = 0; i < routes; i++) {
      y.append("---\n")
          .append("apiVersion: gateway.networking.k8s.io/v1\n")
          .append("kind: HTTPRoute\n")
          .append("metadata:\n")
          .append("  name: benchmark-route-").append(i).append('\n')
          .append("  namespace: benchmark-test\n")
          .append("spec:\n")
          .append("  parentRefs:\n")
          .append("  - name: benchmark\n")
          .append("  hostnames:\n")
          .append("  - www.benchmark-").append(i % HOSTNAMES).append(".com\n")
          .append("  rules:\n")
          .append(ruleFilters.isEmpty() ? "" : "  - filters:\n" + ruleFilters)
          .append(ruleFilters.isEmpty() ? "  - backendRefs:\n" : "    backendRefs:\n")
          .append("    - kind: Service\n")
          .append("      name: nighthawk-test-server\n")
          .append("      port: 8080\n")
          .append("      weight: 1\n")
          .append("    matches:\n")
          .append("    - path:\n")
          .append("        type: PathPrefix\n")
          .append("        value: ").append(i == changed ? "/changed" : "/").append('\n');
    }
    return y.toString();
  }

  private static Map<String, XdsResources> translateOnce(TranslationPipeline pipeline, ResourceSet resources) {
    Map<String, XdsResources> out = pipeline.translate(resources);
    if (out.isEmpty()) {
      throw new IllegalStateException("the benchmark gateway produced no xDS resources");
    }
    return out;
  }

  /** Warm-up rounds, then {@code rounds} timed full translations, in ms. */
  private static long[] time(ResourceSet resources, int rounds) {
    for (int i = 0; i < 3; i++) {
      translateOnce(TranslationPipeline.defaults(), resources);
    }
    long[] ms = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      TranslationPipeline pipeline = TranslationPipeline.defaults();
      long t0 = System.nanoTime();
      translateOnce(pipeline, resources);
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    return ms;
  }

  /** A pipeline that has translated 1,000 routes translates the set with one route changed, in ms. */
  private static long[] timeChange(int rounds) {
    ResourceSet before = resources(1_000, -1);
    List<ResourceSet> after = new ArrayList<>();
    for (int i = 0; i < rounds + 3; i++) {
      after.add(resources(1_000, 500 + i));
    }
    TranslationPipeline pipeline = TranslationPipeline.defaults();
    translateOnce(pipeline, before);
    long[] ms = new long[rounds];
    for (int i = 0; i < rounds + 3; i++) {
      long t0 = System.nanoTime();
      translateOnce(pipeline, after.get(i));
      if (i >= 3) {
        ms[i - 3] = (System.nanoTime() - t0) / 1_000_000;
      }
    }
    return ms;
  }

  /** Heap in use after a full GC with 1,000 routes' resources and their translation live, above the heap before. */
  private static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long base = memory.getHeapMemoryUsage().getUsed();
    ResourceSet resources = resources(1_000, -1);
    TranslationPipeline pipeline = TranslationPipeline.defaults();
    Map<String, XdsResources> out = translateOnce(pipeline, resources);
    System.gc();
    long used = memory.getHeapMemoryUsage().getUsed();
    Reference.reachabilityFence(resources);
    Reference.reachabilityFence(pipeline);
    Reference.reachabilityFence(out);
    return used - base;
  }

  private static boolean report(String name, long[] ms, long targetMs) {
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    long median = sorted[sorted.length / 2];
    long max = sorted[sorted.length - 1];
    boolean met = median < targetMs;
    System.out.printf(Locale.ROOT, "%-46s median %6d ms, max %6d ms over %d rounds (target < %d ms) %s%n",
        name, median, max, ms.length, targetMs, met ? "met" : "NOT met");
    return met;
  }
}

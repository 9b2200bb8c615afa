package dev.attache.bench.control;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link TranslationBenchmark}'s 1,000-route translation, this build against a baseline build in
 * the same process: each build's {@code benchmarks.jar} is loaded in a class loader of its own,
 * and their rounds alternate (ABBA order), so load on the machine falls on both alike and the
 * ratio holds where absolute times would not.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.attache.bench.control.TranslationVersusBaseline \
 *     --baseline /path/to/baseline/benchmarks.jar [--rounds 30] [--routes 1000]
 * </pre>
 */
public final class TranslationVersusBaseline {
  private TranslationVersusBaseline() {}

  /** One build: its benchmark's resources and a full translation of them. */
  private record Build(String name, Object resources, Method translateOnce, Method pipeline) {
    static Build load(String name, Path jar, int routes) throws Exception {
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> benchmark = Class.forName(TranslationBenchmark.class.getName(), true, loader);
      Class<?> pipelineClass = Class.forName("dev.attache.control.pipeline.TranslationPipeline", true, loader);
      Method resources = benchmark.getDeclaredMethod("resources", int.class, int.class);
      resources.setAccessible(true);
      Class<?> resourceSet = resources.getReturnType();
      Method translateOnce = benchmark.getDeclaredMethod("translateOnce", pipelineClass, resourceSet);
      translateOnce.setAccessible(true);
      return new Build(name, resources.invoke(null, routes, -1), translateOnce,
          pipelineClass.getMethod("defaults"));
    }

    long translateNanos() throws Exception {
      Object p = pipeline.invoke(null);
      long t0 = System.nanoTime();
      translateOnce.invoke(null, p, resources);
      return System.nanoTime() - t0;
    }
  }

  public static void main(String[] args) throws Exception {
    Path baselineJar = null;
    int rounds = 30;
    int routes = 1_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--baseline" -> baselineJar = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--routes" -> routes = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]
            + " (expected: --baseline JAR [--rounds N] [--routes N])");
      }
    }
    if (baselineJar == null || !Files.isRegularFile(baselineJar)) {
      System.err.println("usage: TranslationVersusBaseline --baseline JAR [--rounds N] [--routes N]"
          + " (JAR: the benchmarks.jar of the build to compare with)");
      System.exit(2);
    }
    Path self = Path.of(TranslationVersusBaseline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Build current = Build.load("this build", self, routes);
    Build baseline = Build.load("baseline", baselineJar, routes);
    for (int i = 0; i < 5; i++) {
      current.translateNanos();
      baseline.translateNanos();
    }
    long[] a = new long[rounds];
    long[] b = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      if (i % 2 == 0) {
        a[i] = current.translateNanos();
        b[i] = baseline.translateNanos();
      } else {
        b[i] = baseline.translateNanos();
        a[i] = current.translateNanos();
      }
    }
    double ma = median(a) / 1e6;
    double mb = median(b) / 1e6;
    System.out.printf(Locale.ROOT, "%,d HTTPRoutes, resources to xDS, %d alternating rounds:%n", routes, rounds);
    System.out.printf(Locale.ROOT, "  baseline    median %7.1f ms%n", mb);
    System.out.printf(Locale.ROOT, "  this build  median %7.1f ms%n", ma);
    System.out.printf(Locale.ROOT, "  ratio (this build / baseline) %.2f%n", ma / mb);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}

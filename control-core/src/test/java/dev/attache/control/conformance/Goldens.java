package dev.attache.control.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * What the golden tests share: where the corpus and Attaché's own goldens are, which cases a run
 * selects, and the one-test-per-case shape.
 *
 * <p>System properties: {@code golden.corpus} names another corpus; {@code golden.case}
 * selects cases by name, a comma list of patterns
 * where {@code *} matches anything ({@code -Dgolden.case='http-route-*,listener-tcp-keepalive'});
 * {@code golden.update=true} rewrites Attaché's own goldens from what the translators produce
 * (never the shared corpus, which is upstream's).
 */
final class Goldens {
  private static final List<Pattern> SELECTED = patterns(System.getProperty("golden.case", ""));

  private Goldens() {}

  /** The project's root: {@code attache.projectRoot} as the build sets it, else found from here. */
  static Path projectRoot() {
    String set = System.getProperty("attache.projectRoot");
    if (set != null) {
      return Path.of(set);
    }
    // Run from an IDE in the module's folder.
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("control-core")) ? here : here.getParent();
  }

  /**
   * Envoy Gateway's corpus: {@code golden.corpus} if set (a folder laid out like the shared one,
   * or an envoyproxy/gateway checkout), else {@code ../shared/conformance/envoy-gateway} beside
   * the checkout.
   */
  static Path corpus() {
    String set = System.getProperty("golden.corpus");
    return set != null ? Path.of(set)
        : projectRoot().resolve("../shared/conformance/envoy-gateway").normalize();
  }

  static CorpusLayout layout() {
    return CorpusLayout.of(corpus());
  }

  /** Skips the caller's test, saying so loudly, when a corpus folder is not there. */
  static void assumePresent(Path dir) {
    assumeTrue(Files.isDirectory(dir), () -> absent(dir));
  }

  /**
   * The cases {@code tests} makes of a corpus folder; when the folder is not there, one skipped
   * test that says so (a skipped factory alone would not show in the build's counts).
   */
  static Stream<DynamicTest> whenPresent(Path dir, Supplier<Stream<DynamicTest>> tests) {
    if (Files.isDirectory(dir)) {
      return tests.get();
    }
    return Stream.of(DynamicTest.dynamicTest("GOLDENS NOT CHECKED", () -> assumePresent(dir)));
  }

  private static String absent(Path dir) {
    return "GOLDENS NOT CHECKED: no " + dir
        + " (Envoy Gateway's corpus is expected at ../shared/conformance/envoy-gateway beside "
        + "the checkout, or where -Dgolden.corpus says)";
  }

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  /** Whether the run selects every case ({@code -Dgolden.case} is not set). */
  static boolean selectsAll() {
    return SELECTED.isEmpty();
  }

  /** Whether {@code -Dgolden.case} selects the case (all are selected when it is not set). */
  static boolean selected(String name) {
    return SELECTED.isEmpty() || SELECTED.stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** One test per selected case, named after it, in the order given. */
  static <T> Stream<DynamicTest> eachCase(List<T> cases, Function<T, String> name,
      ThrowingConsumer<T> test) {
    return cases.stream().filter(c -> selected(name.apply(c)))
        .map(c -> DynamicTest.dynamicTest(name.apply(c), () -> test.accept(c)));
  }

  /** Fails with the case's first difference from its golden file, after the case's name. */
  static void assertPassed(CaseResult result) {
    if (!result.passed()) {
      fail(result.name() + ": " + result.firstDifference());
    }
  }

  private static List<Pattern> patterns(String spec) {
    return Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> Pattern.compile(Arrays.stream(s.split("\\*", -1)).map(Pattern::quote)
            .collect(Collectors.joining(".*"))))
        .toList();
  }
}

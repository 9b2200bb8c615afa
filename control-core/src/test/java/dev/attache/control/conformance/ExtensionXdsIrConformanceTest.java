package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs Envoy Gateway's {@code extension-xds-ir} corpus through the translator with the
 * reference extension server on loopback, and holds its pass count to the floor.
 */
class ExtensionXdsIrConformanceTest {
  private static Map<String, Integer> floor;
  private static ConformanceReport report;

  @BeforeAll
  static void run() throws Exception {
    Path projectRoot = Path.of(System.getProperty("attache.projectRoot", "."));
    Path corpus = projectRoot.resolve("../shared/conformance/envoy-gateway").normalize();
    assumeTrue(Files.isDirectory(corpus.resolve("xds/in/extension-xds-ir")),
        "CONFORMANCE NOT CHECKED: the Envoy Gateway golden corpus is absent at " + corpus
            + " (expected ../shared/conformance/envoy-gateway next to the project)");
    floor = ConformanceFloor.read(projectRoot.resolve("control-core/conformance-floor.properties"));
    report = new ConformanceReport(ExtensionXdsIrCases.run(CorpusLayout.of(corpus)));
  }

  @Test
  void passCountHoldsTheFloor() {
    assertThat(report.total(Corpus.EXTENSION_XDS_IR)).as("extension-xds-ir cases found").isGreaterThan(0);
    assertThat(report.passed(Corpus.EXTENSION_XDS_IR))
        .as("extension-xds-ir cases passing; failures:%n%s", failures())
        .isGreaterThanOrEqualTo(floor.getOrDefault("extension-xds-ir", 0));
  }

  @Test
  void everyCasePasses() {
    assertThat(report.cases()).isNotEmpty()
        .allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.firstDifference()).isTrue());
  }

  private static String failures() {
    return report.cases().stream().filter(c -> !c.passed())
        .map(c -> c.name() + ": " + c.firstDifference()).collect(Collectors.joining("\n"));
  }
}

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
 * Runs Envoy Gateway's IR corpora in {@code ../shared/conformance/envoy-gateway} and holds the
 * pass counts to the floor in {@code control-core/conformance-floor.properties}, so that a
 * regression fails the build.
 */
class CorpusConformanceTest {
  private static Path corpus;
  private static Map<String, Integer> floor;
  private static ConformanceReport xdsIr;

  @BeforeAll
  static void locate() throws Exception {
    Path projectRoot = Path.of(System.getProperty("attache.projectRoot", "."));
    corpus = projectRoot.resolve("../shared/conformance/envoy-gateway").normalize();
    assumeTrue(Files.isDirectory(corpus.resolve("xds")),
        "CONFORMANCE NOT CHECKED: the Envoy Gateway golden corpus is absent at " + corpus
            + " (expected ../shared/conformance/envoy-gateway next to the project)");
    floor = ConformanceFloor.read(projectRoot.resolve("control-core/conformance-floor.properties"));
    xdsIr = ConformanceRunner.runXdsIr(corpus);
  }

  @Test
  void xdsIrPassCountHoldsTheFloor() {
    ConformanceReport report = xdsIr;
    assertThat(report.total(Corpus.XDS_IR)).as("xds-ir cases found").isGreaterThan(0);
    assertThat(report.passed(Corpus.XDS_IR))
        .as("xds-ir cases passing; failures:%n%s", failures(report))
        .isGreaterThanOrEqualTo(floor.getOrDefault("xds-ir", 0));
  }

  @Test
  void rateLimitConfigPassCountHoldsTheFloor() {
    ConformanceReport report = new ConformanceReport(
        RateLimitConfigCases.run(CorpusLayout.of(corpus)));
    assertThat(report.passed(Corpus.RATELIMIT_CONFIG))
        .as("ratelimit-config cases passing; failures:%n%s", failures(report))
        .isGreaterThanOrEqualTo(floor.getOrDefault("ratelimit-config", 0));
  }

  @Test
  void gatewayApiPassCountHoldsTheFloor() {
    ConformanceReport report = new ConformanceReport(GatewayApiCases.run(CorpusLayout.of(corpus)));
    assertThat(report.total(Corpus.GATEWAYAPI)).as("gatewayapi cases found").isGreaterThan(0);
    assertThat(report.passed(Corpus.GATEWAYAPI))
        .as("gatewayapi cases passing; failures:%n%s", failures(report))
        .isGreaterThanOrEqualTo(floor.getOrDefault("gatewayapi", 0));
  }

  @Test
  void egctlPassCountHoldsTheFloor() {
    ConformanceReport report = new ConformanceReport(EgctlCases.run(CorpusLayout.of(corpus)));
    assertThat(report.total(Corpus.EGCTL)).as("egctl cases found").isGreaterThan(0);
    assertThat(report.passed(Corpus.EGCTL))
        .as("egctl cases passing; failures:%n%s", failures(report))
        .isGreaterThanOrEqualTo(floor.getOrDefault("egctl", 0));
  }

  @Test
  void invalidInputsAreRejected() {
    ConformanceReport report = xdsIr;
    assertThat(report.cases()).filteredOn(c -> XdsHarness.expectsError(c.name()))
        .filteredOn(c -> c.name().startsWith("http-route") || c.name().startsWith("tcp-route")
            || c.name().startsWith("udp-route"))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.firstDifference()).isTrue());
  }

  /** The families issue 5 requires whole: every case of each passes. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "http-route", "listener", "tcp-route", "udp-route", "tls-route", "ratelimit"})
  void familyPassesWhole(String family) {
    assertThat(xdsIr.cases()).filteredOn(c -> c.family().equals(family)).isNotEmpty()
        .allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.firstDifference()).isTrue());
  }

  /** Outside the deliberate authz-service difference, every xds-ir case passes. */
  @Test
  void everyCaseOutsideTheDeliberateDifferencePasses() {
    assertThat(xdsIr.cases()).filteredOn(c -> !c.family().equals(Families.AUTHZ_SERVICE))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.firstDifference()).isTrue());
  }

  /** Cases of the deliberate family that translate differ from upstream for that reason only. */
  @Test
  void deliberateDifferenceIsTheOnlyDifference() {
    assertThat(xdsIr.cases()).filteredOn(c -> c.family().equals(Families.AUTHZ_SERVICE))
        .filteredOn(c -> c.firstDifference().startsWith("by design only")).isNotEmpty();
    assertThat(xdsIr.cases()).filteredOn(c -> c.family().equals(Families.AUTHZ_SERVICE))
        .noneSatisfy(c -> assertThat(c.firstDifference()).startsWith("beyond the deliberate"));
  }

  /** The extension corpus's IR reads and translates cleanly without extensions too. */
  @Test
  void extensionCorpusIrTranslatesWithoutErrors() throws Exception {
    Path dir = corpus.resolve("xds/in/extension-xds-ir");
    assertThat(XdsIrCases.inputs(dir)).isNotEmpty().allSatisfy(input -> {
      var ir = dev.attache.control.ir.IrYaml.readXds(Files.readString(input));
      var out = new dev.attache.control.xds.translate.XdsTranslator(
          XdsHarness.settings(input.getFileName().toString())).translate(ir);
      assertThat(out.errors()).as(input.getFileName().toString()).isEmpty();
    });
  }

  private static String failures(ConformanceReport report) {
    return report.cases().stream().filter(c -> !c.passed())
        .map(c -> c.name() + ": " + c.firstDifference()).collect(Collectors.joining("\n"));
  }
}

package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.ir.IrYaml;
import dev.attache.control.xds.translate.XdsTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Envoy Gateway's {@code extension-xds-ir} corpus, translated with the reference extension
 * server on 127.0.0.1 over real gRPC: one test per case, named after it, failing with the first
 * difference from {@code out/extension-xds-ir/NAME.*.yaml}.
 *
 * <p>One case: {@code ./mvnw -o -pl control-core verify -Dtest=ExtensionXdsIrGoldenTest
 * -Dgolden.case=NAME -Dsurefire.failIfNoSpecifiedTests=false}; see {@link Goldens}.
 */
class ExtensionXdsIrGoldenTest {
  private static Path in;
  private static ExtensionXdsIrCases.Session session;
  private static final FloorTally TALLY = new FloorTally(Corpus.EXTENSION_XDS_IR);

  @BeforeAll
  static void start() {
    in = Goldens.layout().xds().resolve("in").resolve(Corpus.EXTENSION_XDS_IR.id());
    if (Files.isDirectory(in)) {
      session = ExtensionXdsIrCases.Session.start();
    }
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
    TALLY.assertHoldsTheFloor();
  }

  @TestFactory
  @DisplayName("extension-xds-ir")
  Stream<DynamicTest> cases() {
    Path out = Goldens.layout().xdsOut(Corpus.EXTENSION_XDS_IR);
    return Goldens.whenPresent(in, () -> Goldens.eachCase(XdsIrCases.inputs(in),
        f -> Documents.caseName(f, ".yaml"),
        input -> {
          CaseResult result = session.runCase(input, out);
          TALLY.record(result.name(), result.passed());
          Goldens.assertPassed(result);
        }));
  }

  /** The extension corpus's IR reads and translates cleanly without extensions too. */
  @Test
  void irTranslatesWithoutExtensions() throws Exception {
    Goldens.assumePresent(in);
    assertThat(XdsIrCases.inputs(in)).isNotEmpty().allSatisfy(input -> {
      var ir = IrYaml.readXds(Files.readString(input));
      var out = new XdsTranslator(XdsHarness.settings(input.getFileName().toString())).translate(ir);
      assertThat(out.errors()).as(input.getFileName().toString()).isEmpty();
    });
  }
}

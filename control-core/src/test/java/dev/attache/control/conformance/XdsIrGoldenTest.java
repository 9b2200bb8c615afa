package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Envoy Gateway's {@code xds-ir} corpus: one test per case, named after it, failing with the
 * first difference from {@code out/xds-ir/NAME.*.yaml}.
 *
 * <p>The cases of the deliberate authz-service family (SecurityPolicy JWT, API key, basic auth
 * and authorization enforced by Attaché's authz-service through ext_authz, see DESIGN.md) are
 * held against Attaché's own goldens instead, {@code testdata/xds-ir/NAME.listeners.yaml …}, or
 * {@code NAME.errors.yaml} where the translator refuses the input (its IR names no
 * SecurityPolicy for the authz-service to answer from); where it translates, the output may differ
 * from upstream's only by that design.
 *
 * <p>One case: {@code ./mvnw -o -pl control-core verify -Dtest=XdsIrGoldenTest
 * -Dgolden.case=basic-auth -Dsurefire.failIfNoSpecifiedTests=false}; see {@link Goldens}.
 */
class XdsIrGoldenTest {
  private static final OwnGoldens OWN = OwnGoldens.of("xds-ir", """
      Attaché's own golden (deliberate difference): SecurityPolicy JWT, API key, basic auth and
      authorization go through Attaché's authz-service (ext_authz), not Envoy's native filters;
      see DESIGN.md. Input: upstream's xds/in/xds-ir/NAME.yaml.
      Rewritten by XdsIrGoldenTest with -Dgolden.update=true; do not edit by hand.""");

  private static final FloorTally TALLY = new FloorTally(Corpus.XDS_IR);

  @AfterAll
  static void holdsTheFloor() {
    TALLY.assertHoldsTheFloor();
  }

  @TestFactory
  @DisplayName("xds-ir")
  Stream<DynamicTest> cases() {
    CorpusLayout layout = Goldens.layout();
    Path in = layout.xds().resolve("in").resolve(Corpus.XDS_IR.id());
    Path out = layout.xdsOut(Corpus.XDS_IR);
    return Goldens.whenPresent(in, () -> Goldens.eachCase(XdsIrCases.inputs(in),
        f -> Documents.caseName(f, ".yaml"), input -> {
          CaseResult result = XdsIrCases.runCase(input, out);
          TALLY.record(result.name(), result.passed());
          if (!result.family().equals(Families.AUTHZ_SERVICE)) {
            Goldens.assertPassed(result);
            return;
          }
          assertThat(result.ownOutput()).as(result.name() + ": Attaché's own output").isNotNull();
          OWN.check(result.name(), result.ownOutput());
          if (!result.passed() && result.firstDifference().startsWith(XdsIrCases.BEYOND)) {
            fail(result.name() + ": " + result.firstDifference());
          }
        }));
  }
}

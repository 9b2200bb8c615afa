package dev.attache.control.conformance;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Envoy Gateway's {@code ratelimit-config} corpus: one test per case, named after it, failing
 * with the first difference from {@code out/ratelimit-config/NAME.yaml} (the envoyproxy/ratelimit
 * service config) or {@code NAME.routes.yaml} (the routes' rate-limit actions).
 *
 * <p>One case: {@code ./mvnw -o -pl control-core verify -Dtest=RateLimitConfigGoldenTest
 * -Dgolden.case=NAME -Dsurefire.failIfNoSpecifiedTests=false}; see {@link Goldens}.
 */
class RateLimitConfigGoldenTest {
  private static final FloorTally TALLY = new FloorTally(Corpus.RATELIMIT_CONFIG);

  @AfterAll
  static void holdsTheFloor() {
    TALLY.assertHoldsTheFloor();
  }

  @TestFactory
  @DisplayName("ratelimit-config")
  Stream<DynamicTest> cases() {
    CorpusLayout layout = Goldens.layout();
    Path in = layout.xds().resolve("in").resolve(Corpus.RATELIMIT_CONFIG.id());
    Path out = layout.xdsOut(Corpus.RATELIMIT_CONFIG);
    return Goldens.whenPresent(in, () -> Goldens.eachCase(XdsIrCases.inputs(in),
        f -> Documents.caseName(f, ".yaml"),
        input -> {
          CaseResult result = RateLimitConfigCases.runCase(input, out);
          TALLY.record(result.name(), result.passed());
          Goldens.assertPassed(result);
        }));
  }
}

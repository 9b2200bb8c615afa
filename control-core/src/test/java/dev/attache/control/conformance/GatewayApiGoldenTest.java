package dev.attache.control.conformance;

import dev.attache.control.resource.ResourceSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Envoy Gateway's {@code gatewayapi} corpus: one test per case, named after it
 * ({@code httproute-with-header-match}, {@code extensions/…}), failing with the first
 * difference from {@code NAME.out.yaml}. For the cases of the deliberate authz-service family,
 * the SecurityPolicy each guarded route names (Attaché's addition to the IR, which upstream's
 * goldens cannot show) is also held against {@code testdata/gatewayapi/NAME.authz-policies.yaml}.
 *
 * <p>One case: {@code ./mvnw -o -pl control-core verify -Dtest=GatewayApiGoldenTest
 * -Dgolden.case=httproute-with-header-match -Dsurefire.failIfNoSpecifiedTests=false}; see
 * {@link Goldens} for patterns and {@code -Dgolden.update=true}.
 */
class GatewayApiGoldenTest {
  private static final OwnGoldens OWN = OwnGoldens.of("gatewayapi", """
      Attaché's own golden: per gateway, listener and route, the SecurityPolicy that Attaché's
      authz-service answers the route's ext_authz check from (metadata.policies in the xDS IR;
      Envoy Gateway's IR has no such entry, see DESIGN.md). Input: upstream's NAME.in.yaml.
      Rewritten by GatewayApiGoldenTest with -Dgolden.update=true; do not edit by hand.""");

  private static final FloorTally TALLY = new FloorTally(Corpus.GATEWAYAPI);

  @AfterAll
  static void holdsTheFloor() {
    TALLY.assertHoldsTheFloor();
  }

  @TestFactory
  @DisplayName("gatewayapi")
  Stream<DynamicTest> cases() {
    CorpusLayout layout = Goldens.layout();
    return Goldens.whenPresent(layout.gatewayApi(), () -> {
      ResourceSet base = GatewayApiCases.base(layout);
      return Goldens.eachCase(GatewayApiCases.inputs(layout), GatewayApiCases.Input::name, input -> {
        CaseResult result = GatewayApiCases.runCase(input, base);
        TALLY.record(result.name(), result.passed());
        if (result.ownOutput() != null) {
          OWN.check(result.name(), result.ownOutput());
        }
        Goldens.assertPassed(result);
      });
    });
  }
}

package dev.attache.control.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code attache translate} run as {@code egctl x translate}: one test per run, named
 * {@code NAME.TYPE.FORMAT [FLAGS]}.
 *
 * <p>{@link #upstreamTable()} runs every row of Envoy Gateway's {@code TestTranslate} table
 * ({@link EgctlRun#UPSTREAM}) on {@code egctl/in/NAME.yaml} of the shared corpus: a run whose
 * golden {@code egctl/out/NAME.TYPE.FORMAT} is there is compared with it; a run upstream expects to
 * fail must fail, and its message is held in {@code testdata/egctl/out/NAME.errors.yaml} under its
 * flags; any other run without a shared golden is held against
 * {@code testdata/egctl/out/NAME.TYPE.FORMAT}. A row whose input the corpus does not have is
 * skipped, saying so.
 *
 * <p>{@link #attacheCases()} runs Attaché's own cases the same way: inputs in
 * {@code testdata/egctl/in/}, runs in {@code testdata/egctl/runs.txt}, goldens in
 * {@code testdata/egctl/out/}.
 *
 * <p>One run: {@code ./mvnw -o -pl control-core verify -Dtest=EgctlGoldenTest
 * '-Dgolden.case=echo-gateway-api*' -Dsurefire.failIfNoSpecifiedTests=false}; see {@link Goldens}.
 */
class EgctlGoldenTest {
  private static final OwnGoldens OWN = OwnGoldens.of("egctl/out", """
      Attaché's own golden: what `attache translate` prints (or the error it stops with, under
      the run's flags) where Envoy Gateway's corpus has no golden to compare with.
      Rewritten by EgctlGoldenTest with -Dgolden.update=true; do not edit by hand.""");

  /** Counts inputs of the shared corpus, as {@code attache conformance} does. */
  private static final FloorTally TALLY = new FloorTally(Corpus.EGCTL);

  @AfterAll
  static void holdsTheFloor() {
    TALLY.assertHoldsTheFloor();
  }

  @TestFactory
  @DisplayName("egctl")
  Stream<DynamicTest> upstreamTable() {
    Path egctl = Goldens.layout().egctl();
    return Goldens.whenPresent(egctl.resolve("in"),
        () -> runs(EgctlRun.UPSTREAM, egctl.resolve("in"), egctl.resolve("out")));
  }

  @TestFactory
  @DisplayName("egctl (Attaché's own)")
  Stream<DynamicTest> attacheCases() {
    Path own = OWN.dir().getParent();
    List<EgctlRun> runs = EgctlRun.parse("testdata/egctl/runs.txt",
        Documents.text(own.resolve("runs.txt")));
    return runs(runs, own.resolve("in"), null);
  }

  /** One test per run; {@code sharedOut} is null for Attaché's own cases. */
  private static Stream<DynamicTest> runs(List<EgctlRun> runs, Path in, Path sharedOut) {
    return Goldens.eachCase(runs, EgctlRun::label, run -> {
      Path input = in.resolve(run.name() + ".yaml");
      assumeTrue(Files.exists(input), () -> "NOT RUN: the corpus has no input " + input);
      EgctlCases.Outcome outcome = EgctlCases.translate(Documents.text(input), run);
      if (sharedOut != null) {
        TALLY.record(run.name(), EgctlCases.check(run, sharedOut, outcome).isEmpty());
      }
      if (run.expectError()) {
        switch (outcome) {
          case EgctlCases.Outcome.Refused refused ->
              OWN.checkEntry(run.name() + ".errors.yaml", run.flags(), refused.message());
          case EgctlCases.Outcome.Broken broken -> fail(run.label() + ": " + broken.why());
          case EgctlCases.Outcome.Printed printed ->
              fail(run.label() + ": expected an error, got output");
        }
      } else if (sharedOut != null && Files.exists(sharedOut.resolve(run.file()))) {
        EgctlCases.check(run, sharedOut, outcome).ifPresent(d -> fail(run.label() + ": " + d));
      } else {
        switch (outcome) {
          case EgctlCases.Outcome.Printed printed -> OWN.checkFile(run.file(), printed.tree());
          case EgctlCases.Outcome.Refused refused ->
              fail(run.label() + ": translate failed: " + refused.message());
          case EgctlCases.Outcome.Broken broken -> fail(run.label() + ": " + broken.why());
        }
      }
    });
  }
}

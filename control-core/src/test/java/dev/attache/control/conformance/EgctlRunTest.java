package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The egctl run tables: flags to golden file names, as upstream's harness names them. */
class EgctlRunTest {
  @Test
  void fileNameTakesTypeAndFormatFromTheFlagsWithEgctlsDefaults() {
    List<EgctlRun> runs = EgctlRun.parse("t", """
        # comment
        quickstart --to ir -o yaml

        echo-gateway-api --to xds,gateway-api -o json -t cluster
        no-service-cluster-ip --to xds --add-missing-resources
        """);
    assertThat(runs).extracting(EgctlRun::file).containsExactly(
        "quickstart.all.yaml", "echo-gateway-api.cluster.json", "no-service-cluster-ip.all.yaml");
    assertThat(runs.get(1).to()).containsExactly("xds", "gateway-api");
    assertThat(runs.get(2).addMissing()).isTrue();
    assertThat(runs.get(2).label())
        .isEqualTo("no-service-cluster-ip.all.yaml [--to xds --add-missing-resources]");
  }

  @Test
  void aRunMeantToFailEndsInError() {
    EgctlRun run = EgctlRun.parse("t", "from-gateway-api-to-xds --to xds -t unknown => error")
        .getFirst();
    assertThat(run.expectError()).isTrue();
    assertThat(run.flags()).isEqualTo("--to xds -t unknown");
  }

  @Test
  void anUnknownFlagNamesTheTableAndLine() {
    assertThatThrownBy(() -> EgctlRun.parse("runs.txt", "# c\nquickstart --to ir --output yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runs.txt line 2: --output (expected one of --to, -o, -t, "
            + "--add-missing-resources, or => error at the end)");
  }

  @Test
  void upstreamTableHasEveryRowOfTestTranslate() {
    // 34 rows at d32f282942, five of them expected to fail.
    assertThat(EgctlRun.UPSTREAM).hasSize(34);
    assertThat(EgctlRun.UPSTREAM).filteredOn(EgctlRun::expectError).hasSize(5);
    assertThat(EgctlRun.UPSTREAM).extracting(EgctlRun::label).doesNotHaveDuplicates();
  }
}

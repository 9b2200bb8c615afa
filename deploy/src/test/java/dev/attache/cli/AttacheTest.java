package dev.attache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AttacheTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Attache.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: attache").contains("version").contains("help");
  }

  @Test
  void unknownCommandIsAUsageErrorNamingIt() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void versionCarriesTheBuildVersion() {
    BuildInfo info = BuildInfo.current();
    assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(info.line()).startsWith("attache " + info.version() + " (commit ");
  }
}

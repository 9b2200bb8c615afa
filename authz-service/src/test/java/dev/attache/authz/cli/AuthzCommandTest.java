package dev.attache.authz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AuthzCommandTest {
  @Test
  void helpListsTheFlags() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new AuthzCommand()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--config", "--port", "--admin-port", "--reason-header", "--decision-log",
        "attache.io/policy");
  }

  @Test
  void configOrXdsServerIsRequired() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new AuthzCommand()).setErr(new PrintWriter(err)).execute("--port", "0");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("give exactly one of --config FILE and --xds-server HOST:PORT");
  }

  @Test
  void durations() {
    assertThat(AuthzCommand.duration("--jwks-wait", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(AuthzCommand.duration("--jwks-wait", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> AuthzCommand.duration("--jwks-wait", "soon"))
        .hasMessage("--jwks-wait: soon (expected: a duration such as 500ms, 2s, 1m)");
  }
}

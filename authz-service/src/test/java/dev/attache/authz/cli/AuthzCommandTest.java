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
  void xdsTlsFlagsNeedTheXdsServerAndAClientCertificateItsKey() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new AuthzCommand()).setErr(new PrintWriter(err))
        .execute("--config", "policies.yaml", "--xds-server-tls-ca", "ca.crt");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("the --xds-*-tls flags go with --xds-server HOST:PORT");

    StringWriter err2 = new StringWriter();
    int code2 = new CommandLine(new AuthzCommand()).setErr(new PrintWriter(err2))
        .execute("--xds-server", "127.0.0.1:18003", "--xds-client-tls-cert", "client.crt");
    assertThat(code2).isNotZero();
    assertThat(err2.toString())
        .contains("--xds-client-tls-cert and --xds-client-tls-key go together (expected: both, or neither)");
  }

  @Test
  void helpListsTheXdsTlsFlags() {
    StringWriter out = new StringWriter();
    new CommandLine(new AuthzCommand()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(out.toString()).contains("--xds-server-use-tls", "--xds-server-tls-ca", "--xds-server-tls-san",
        "--xds-client-tls-cert", "--xds-client-tls-key");
  }

  @Test
  void durations() {
    assertThat(AuthzCommand.duration("--jwks-wait", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(AuthzCommand.duration("--jwks-wait", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> AuthzCommand.duration("--jwks-wait", "soon"))
        .hasMessage("--jwks-wait: soon (expected: a duration such as 500ms, 2s, 1m)");
  }
}

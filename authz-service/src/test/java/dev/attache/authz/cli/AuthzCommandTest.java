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
  void anUnreadableTlsFileIsNamed() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new AuthzCommand()).setErr(new PrintWriter(err))
        .execute("--xds-server", "127.0.0.1:18003", "--xds-server-tls-ca", "no-such-ca.crt");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--xds-server-tls-ca: cannot read no-such-ca.crt");
  }

  @Test
  void xdsTlsFlagsBecomeTheStreamsTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    for (String f : new String[] {"ca.crt", "tls.crt", "tls.key"}) {
      java.nio.file.Files.writeString(dir.resolve(f), "pem");
    }
    AuthzCommand plain = new AuthzCommand();
    new CommandLine(plain).parseArgs("--xds-server", "cp:18003");
    assertThat(plain.xdsTls()).isEqualTo(dev.attache.authz.xds.XdsTls.PLAINTEXT);

    AuthzCommand systemCas = new AuthzCommand();
    new CommandLine(systemCas).parseArgs("--xds-server", "cp:18003", "--xds-server-use-tls");
    assertThat(systemCas.xdsTls()).isEqualTo(new dev.attache.authz.xds.XdsTls(true, null, null, null, ""));

    AuthzCommand mutual = new AuthzCommand();
    new CommandLine(mutual).parseArgs("--xds-server", "10.0.0.5:18003", "--xds-server-tls-ca",
        dir.resolve("ca.crt").toString(), "--xds-client-tls-cert", dir.resolve("tls.crt").toString(),
        "--xds-client-tls-key", dir.resolve("tls.key").toString(), "--xds-server-tls-san", "attache");
    assertThat(mutual.xdsTls()).isEqualTo(new dev.attache.authz.xds.XdsTls(true, dir.resolve("ca.crt"),
        dir.resolve("tls.crt"), dir.resolve("tls.key"), "attache"));
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

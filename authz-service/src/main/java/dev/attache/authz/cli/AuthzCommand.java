package dev.attache.authz.cli;

import dev.attache.authz.service.AuthzServer;
import dev.attache.authz.service.AuthzSettings;
import dev.attache.authz.xds.XdsTls;
import dev.attache.server.cli.LogOptions;
import dev.attache.server.cli.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code attache authz}: the ext_authz service enforcing SecurityPolicy files. */
@Command(name = "authz", mixinStandardHelpOptions = true,
    description = {
        "Runs authz-service: envoy.service.auth.v3.Authorization/Check enforcing SecurityPolicy",
        "(JWT, API key, basic auth, authorization rules). Envoy names the policy in the",
        "ext_authz context extension attache.io/policy=<namespace>/<name>."})
public final class AuthzCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file or directory of SecurityPolicy, Secret and ConfigMap objects; reloaded on change."
          + " For standalone use; give this or --xds-server.")
  Path config;

  @Option(names = "--xds-server", paramLabel = "HOST:PORT",
      description = "Subscribe to the control plane's policies instead of reading files: `attache serve"
          + " --authz-xds-port` (plaintext unless a --xds-*-tls flag is given). Each new version replaces the"
          + " policies at once; a bad one is rejected (NACK) and the last good stays.")
  String xdsServer;

  @Option(names = "--xds-server-use-tls",
      description = "TLS to --xds-server, trusting the system's CAs unless --xds-server-tls-ca names others"
          + " (ratelimit's CONFIG_GRPC_XDS_SERVER_USE_TLS). Implied by the other --xds-*-tls flags.")
  boolean xdsServerUseTls;

  @Option(names = "--xds-server-tls-ca", paramLabel = "FILE",
      description = "PEM CA bundle the xDS server's certificate must chain to (CONFIG_GRPC_XDS_SERVER_TLS_CACERT);"
          + " serve's --authz-xds-tls-cert.")
  Path xdsServerTlsCa;

  @Option(names = "--xds-server-tls-san", paramLabel = "NAME",
      description = "Name to verify in the xDS server's certificate instead of --xds-server's host"
          + " (CONFIG_GRPC_XDS_SERVER_TLS_SAN).")
  String xdsServerTlsSan;

  @Option(names = "--xds-client-tls-cert", paramLabel = "FILE",
      description = "PEM certificate presented to the xDS server, for mutual TLS as serve's --authz-xds-tls-ca"
          + " requires (CONFIG_GRPC_XDS_CLIENT_TLS_CERT); with --xds-client-tls-key.")
  Path xdsClientTlsCert;

  @Option(names = "--xds-client-tls-key", paramLabel = "FILE",
      description = "PEM private key for --xds-client-tls-cert (CONFIG_GRPC_XDS_CLIENT_TLS_KEY).")
  Path xdsClientTlsKey;

  @Option(names = "--xds-node-id", defaultValue = dev.attache.authz.xds.PolicyXdsClient.DEFAULT_NODE_ID,
      description = "Node id to subscribe as. Default: ${DEFAULT-VALUE}")
  String xdsNodeId;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--port", defaultValue = "9191", description = "gRPC port (Check, health, reflection). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--admin-port", defaultValue = "9192",
      description = "HTTP port for /metrics /healthz /ready /config_dump. Default: ${DEFAULT-VALUE}")
  int adminPort;

  @Option(names = "--reason-header", defaultValue = AuthzSettings.DEFAULT_REASON_HEADER,
      description = "Response header carrying the denial reason code; empty turns it off. Default: ${DEFAULT-VALUE}")
  String reasonHeader;

  @Option(names = "--decision-log", description = "Write one JSON line per decision to standard output.")
  boolean decisionLog;

  @Option(names = "--token-cache-size", defaultValue = "100000",
      description = "Verified JWTs cached per provider (until their exp); 0 turns the cache off. Default: ${DEFAULT-VALUE}")
  int tokenCacheSize;

  @Option(names = "--jwks-wait", defaultValue = "500ms",
      description = "Longest a Check waits for a JWKS fetch it needs. Default: ${DEFAULT-VALUE}")
  String jwksWait;

  @Option(names = "--jwks-connect-timeout", defaultValue = "2s", description = "Default: ${DEFAULT-VALUE}")
  String jwksConnectTimeout;

  @Option(names = "--jwks-timeout", defaultValue = "5s", description = "Whole JWKS fetch timeout. Default: ${DEFAULT-VALUE}")
  String jwksTimeout;

  @Mixin
  LogOptions logOptions;

  @Override
  public Integer call() throws Exception {
    logOptions.apply();
    AuthzSettings settings = new AuthzSettings(reasonHeader, duration("--jwks-wait", jwksWait), tokenCacheSize,
        duration("--jwks-connect-timeout", jwksConnectTimeout), duration("--jwks-timeout", jwksTimeout), decisionLog);
    if ((config == null) == (xdsServer == null)) {
      throw new ParameterException(spec.commandLine(),
          "give exactly one of --config FILE and --xds-server HOST:PORT");
    }
    XdsTls tls = xdsTls();
    ServerProcess process = new ServerProcess();
    process.own(config != null ? AuthzServer.start(config, host, port, adminPort, settings)
        : AuthzServer.startXds(xdsServer, xdsNodeId, tls, host, port, adminPort, settings));
    return process.awaitShutdown();
  }

  /** The --xds-*-tls flags as one setting; they need --xds-server, and a client certificate its key. */
  XdsTls xdsTls() {
    boolean any = xdsServerUseTls || xdsServerTlsCa != null || xdsServerTlsSan != null || xdsClientTlsCert != null
        || xdsClientTlsKey != null;
    if (!any) {
      return XdsTls.PLAINTEXT;
    }
    if (xdsServer == null) {
      throw new ParameterException(spec.commandLine(), "the --xds-*-tls flags go with --xds-server HOST:PORT");
    }
    if ((xdsClientTlsCert == null) != (xdsClientTlsKey == null)) {
      throw new ParameterException(spec.commandLine(),
          "--xds-client-tls-cert and --xds-client-tls-key go together (expected: both, or neither)");
    }
    readable("--xds-server-tls-ca", xdsServerTlsCa);
    readable("--xds-client-tls-cert", xdsClientTlsCert);
    readable("--xds-client-tls-key", xdsClientTlsKey);
    return new XdsTls(true, xdsServerTlsCa, xdsClientTlsCert, xdsClientTlsKey,
        xdsServerTlsSan == null ? "" : xdsServerTlsSan);
  }

  private void readable(String flag, Path file) {
    if (file != null && !java.nio.file.Files.isReadable(file)) {
      throw new ParameterException(spec.commandLine(), flag + ": cannot read " + file);
    }
  }

  static Duration duration(String flag, String text) {
    String t = text.strip();
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(flag + ": " + text + " (expected: a duration such as 500ms, 2s, 1m)");
  }
}

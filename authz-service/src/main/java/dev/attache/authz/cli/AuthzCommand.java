package dev.attache.authz.cli;

import dev.attache.authz.service.AuthzServer;
import dev.attache.authz.service.AuthzSettings;
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
          + " --authz-xds-port` (plaintext). Each new version replaces the policies at once; a bad one is"
          + " rejected (NACK) and the last good stays.")
  String xdsServer;

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
    ServerProcess process = new ServerProcess();
    process.own(config != null ? AuthzServer.start(config, host, port, adminPort, settings)
        : AuthzServer.startXds(xdsServer, xdsNodeId, host, port, adminPort, settings));
    return process.awaitShutdown();
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

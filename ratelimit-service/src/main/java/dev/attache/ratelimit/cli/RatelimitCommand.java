package dev.attache.ratelimit.cli;

import dev.attache.ratelimit.server.RatelimitRuntime;
import dev.attache.ratelimit.server.RatelimitSettings;
import dev.attache.server.cli.LogOptions;
import dev.attache.server.cli.ServerProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attache ratelimit}: the drop-in for envoyproxy/ratelimit. */
@Command(name = "ratelimit",
    mixinStandardHelpOptions = true,
    description = {
        "Runs envoy.service.ratelimit.v3.RateLimitService (ShouldRateLimit), a drop-in for envoyproxy/ratelimit.",
        "Reads its YAML (a file or a directory, reloaded on change) or takes configuration over xDS "
            + "(CONFIG_TYPE=GRPC_XDS_SOTW), and counts in memory or in Redis with the same keys as upstream.",
        "All of upstream's environment variables apply; a flag overrides the variable it stands for."},
    footer = {"",
        "Environment (upstream names): GRPC_HOST GRPC_PORT HOST PORT DEBUG_HOST DEBUG_PORT RUNTIME_ROOT "
            + "RUNTIME_SUBDIRECTORY RUNTIME_APPDIRECTORY MERGE_DOMAIN_CONFIG CONFIG_TYPE CONFIG_GRPC_XDS_SERVER_URL "
            + "CONFIG_GRPC_XDS_NODE_ID CONFIG_GRPC_XDS_NODE_METADATA CONFIG_GRPC_XDS_CLIENT_ADDITIONAL_HEADERS "
            + "CONFIG_GRPC_XDS_SERVER_CONNECT_RETRY_INTERVAL CONFIG_GRPC_XDS_SERVER_USE_TLS CONFIG_GRPC_XDS_CLIENT_TLS_CERT "
            + "CONFIG_GRPC_XDS_CLIENT_TLS_KEY CONFIG_GRPC_XDS_SERVER_TLS_CACERT CONFIG_GRPC_XDS_SERVER_TLS_SAN "
            + "GRPC_SERVER_USE_TLS GRPC_SERVER_TLS_CERT GRPC_SERVER_TLS_KEY GRPC_CLIENT_TLS_CACERT "
            + "BACKEND_TYPE REDIS_TYPE REDIS_URL REDIS_AUTH "
            + "REDIS_TLS REDIS_TLS_CACERT REDIS_TLS_CLIENT_CERT REDIS_TLS_CLIENT_KEY REDIS_TLS_SKIP_HOSTNAME_VERIFICATION "
            + "REDIS_SENTINEL_AUTH REDIS_TIMEOUT REDIS_PERSECOND REDIS_PERSECOND_TYPE REDIS_PERSECOND_URL "
            + "REDIS_PERSECOND_AUTH REDIS_PERSECOND_TLS REDIS_PERSECOND_TIMEOUT LOCAL_CACHE_SIZE_IN_BYTES "
            + "NEAR_LIMIT_RATIO CACHE_KEY_PREFIX EXPIRATION_JITTER_MAX_SECONDS STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT "
            + "SHADOW_MODE QUOTA_MODE "
            + "LIMIT_RESPONSE_HEADERS_ENABLED LIMIT_LIMIT_HEADER LIMIT_REMAINING_HEADER LIMIT_RESET_HEADER "
            + "RESPONSE_DYNAMIC_METADATA HEALTHY_WITH_AT_LEAST_ONE_CONFIG_LOADED REDIS_HEALTH_CHECK_ACTIVE_CONNECTION; "
            + "Attaché's own: MEMORY_MAX_KEYS."})
public final class RatelimitCommand implements Callable<Integer> {
  @Mixin
  LogOptions logging;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "PATH",
      description = "YAML file or directory of YAML files (default: RUNTIME_ROOT/RUNTIME_SUBDIRECTORY/RUNTIME_APPDIRECTORY)")
  Path config;

  @Option(names = "--port", paramLabel = "PORT", description = "gRPC port (GRPC_PORT, default 8081)")
  Integer port;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port for /json, /healthcheck, /rlconfig (PORT, default 8080)")
  Integer httpPort;

  @Option(names = "--admin-port", paramLabel = "PORT",
      description = "admin port for /metrics, /healthz, /ready, /config_dump, /rlconfig (DEBUG_PORT, default 6070)")
  Integer adminPort;

  @Option(names = "--backend", paramLabel = "memory|redis",
      description = "where counters live (BACKEND_TYPE; default redis when REDIS_URL is set, else memory)")
  String backend;

  @Option(names = "--redis-url", paramLabel = "URL", description = "redis://HOST:PORT, HOST:PORT, or a list for CLUSTER/SENTINEL (REDIS_URL)")
  String redisUrl;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    RatelimitSettings settings;
    try {
      settings = settings(System.getenv());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("attache ratelimit: " + e.getMessage());
      return 2;
    }
    ServerProcess process = new ServerProcess();
    try {
      process.own(RatelimitRuntime.start(settings));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("attache ratelimit: " + e.getMessage());
      process.stop();
      return 1;
    }
    return process.awaitShutdown();
  }

  /** The settings from {@code env} with the flags given laid over it. */
  public RatelimitSettings settings(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    if (config != null) {
      merged.put(RatelimitSettings.CONFIG_PATH_VARIABLE, config.toString());
    }
    if (port != null) {
      merged.put("GRPC_PORT", port.toString());
    }
    if (httpPort != null) {
      merged.put("PORT", httpPort.toString());
    }
    if (adminPort != null) {
      merged.put("DEBUG_PORT", adminPort.toString());
    }
    if (backend != null) {
      merged.put("BACKEND_TYPE", backend);
    }
    if (redisUrl != null) {
      merged.put("REDIS_URL", redisUrl);
      merged.put("REDIS_SOCKET_TYPE", "tcp");
    }
    return RatelimitSettings.fromEnv(merged);
  }
}

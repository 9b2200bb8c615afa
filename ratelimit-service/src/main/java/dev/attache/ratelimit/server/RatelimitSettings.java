package dev.attache.ratelimit.server;

import dev.attache.ratelimit.redis.RedisEndpoint;
import dev.attache.ratelimit.redis.RedisTls;
import dev.attache.ratelimit.redis.RedisType;
import dev.attache.ratelimit.service.ServiceSettings;
import dev.attache.ratelimit.xds.XdsTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything {@code attache ratelimit} runs with, read from envoyproxy/ratelimit's environment
 * variables with its defaults. Command-line flags are applied by overriding the variable they
 * stand for before this is read, so a flag always wins.
 *
 * @param configPath the file or directory of YAML files: {@code --config}, else
 *     {@code RUNTIME_ROOT/RUNTIME_SUBDIRECTORY/RUNTIME_APPDIRECTORY}
 * @param redisPerSecond the per-second Redis ({@code REDIS_PERSECOND=true}), or null
 * @param prometheusAddress {@code PROMETHEUS_ADDR} when {@code USE_PROMETHEUS=true}, else empty
 */
public record RatelimitSettings(
    String grpcHost,
    int grpcPort,
    String httpHost,
    int httpPort,
    String adminHost,
    int adminPort,
    ConfigType configType,
    Path configPath,
    boolean mergeDomains,
    String xdsServerUrl,
    String xdsNodeId,
    Map<String, String> xdsNodeMetadata,
    Duration xdsRetryInterval,
    XdsTls xdsTls,
    Map<String, String> xdsHeaders,
    ServerTls grpcTls,
    Backend backend,
    RedisEndpoint redis,
    RedisEndpoint redisPerSecond,
    Duration redisStartupInitialInterval,
    Duration redisStartupMaxInterval,
    boolean redisHealthCheckActiveConnection,
    long localCacheSizeBytes,
    float nearLimitRatio,
    String cacheKeyPrefix,
    long expirationJitterMaxSeconds,
    long memoryMaxKeys,
    boolean stopCacheKeyIncrementWhenOverLimit,
    ServiceSettings service,
    boolean healthyWithAtLeastOneConfigLoaded,
    Map<String, String> extraTags,
    String prometheusAddress,
    String prometheusPath,
    boolean forceStartWithoutInitialConfig) {

  /** {@code CONFIG_TYPE}. */
  public enum ConfigType { FILE, GRPC_XDS_SOTW }

  /** Where counters live: {@code --backend} / {@code BACKEND_TYPE}. */
  public enum Backend { MEMORY, REDIS }

  /** The variable {@code --config} stands for (Attaché's; upstream only has RUNTIME_ROOT and friends). */
  public static final String CONFIG_PATH_VARIABLE = "ATTACHE_RATELIMIT_CONFIG";

  /** Reads the settings; a malformed value throws {@link IllegalArgumentException} naming the variable. */
  public static RatelimitSettings fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    Path configPath = e.has(CONFIG_PATH_VARIABLE)
        ? Path.of(e.get(CONFIG_PATH_VARIABLE, ""))
        : Path.of(e.get("RUNTIME_ROOT", "/srv/runtime_data/current"), e.get("RUNTIME_SUBDIRECTORY", ""),
            e.get("RUNTIME_APPDIRECTORY", "config"));
    ConfigType configType = switch (e.get("CONFIG_TYPE", "FILE").toUpperCase(Locale.ROOT)) {
      case "FILE" -> ConfigType.FILE;
      case "GRPC_XDS_SOTW" -> ConfigType.GRPC_XDS_SOTW;
      default -> throw new IllegalArgumentException("CONFIG_TYPE: '" + e.get("CONFIG_TYPE", "") + "' (expected: FILE or GRPC_XDS_SOTW)");
    };
    Backend backend = switch (e.get("BACKEND_TYPE", "").toLowerCase(Locale.ROOT)) {
      // Unset: Redis when one is named (as upstream, whose default backend is redis), else memory.
      case "" -> e.has("REDIS_URL") ? Backend.REDIS : Backend.MEMORY;
      case "memory" -> Backend.MEMORY;
      case "redis" -> Backend.REDIS;
      default -> throw new IllegalArgumentException("BACKEND_TYPE: '" + e.get("BACKEND_TYPE", "")
          + "' (expected: memory or redis; memcache is not supported)");
    };
    RedisTls tls = new RedisTls(e.get("REDIS_TLS_CACERT", ""), e.get("REDIS_TLS_CLIENT_CERT", ""),
        e.get("REDIS_TLS_CLIENT_KEY", ""), e.bool("REDIS_TLS_SKIP_HOSTNAME_VERIFICATION", false));
    RedisEndpoint redis = new RedisEndpoint(RedisType.parse(e.get("REDIS_TYPE", "SINGLE")),
        e.get("REDIS_URL", "/var/run/nutcracker/ratelimit.sock"), e.get("REDIS_AUTH", ""), e.bool("REDIS_TLS", false),
        e.get("REDIS_SENTINEL_AUTH", ""), e.duration("REDIS_TIMEOUT", "10s"), tls);
    RedisEndpoint perSecond = !e.bool("REDIS_PERSECOND", false) ? null
        : new RedisEndpoint(RedisType.parse(e.get("REDIS_PERSECOND_TYPE", "SINGLE")),
            e.get("REDIS_PERSECOND_URL", "/var/run/nutcracker/ratelimitpersecond.sock"),
            e.get("REDIS_PERSECOND_AUTH", ""), e.bool("REDIS_PERSECOND_TLS", false),
            e.get("REDIS_PERSECOND_SENTINEL_AUTH", ""), e.duration("REDIS_PERSECOND_TIMEOUT", "10s"), tls);
    float ratio = e.number("NEAR_LIMIT_RATIO", "0.8");
    if (ratio < 0 || ratio > 1) {
      throw new IllegalArgumentException("NEAR_LIMIT_RATIO: " + ratio + " (expected: 0-1)");
    }
    ServiceSettings service = new ServiceSettings(e.bool("SHADOW_MODE", false), e.bool("QUOTA_MODE", false),
        e.bool("LIMIT_RESPONSE_HEADERS_ENABLED", false), e.get("LIMIT_LIMIT_HEADER", "RateLimit-Limit"),
        e.get("LIMIT_REMAINING_HEADER", "RateLimit-Remaining"), e.get("LIMIT_RESET_HEADER", "RateLimit-Reset"),
        e.bool("RESPONSE_DYNAMIC_METADATA", false));
    return new RatelimitSettings(
        e.get("GRPC_HOST", "0.0.0.0"), e.port("GRPC_PORT", 8081),
        e.get("HOST", "0.0.0.0"), e.port("PORT", 8080),
        e.get("DEBUG_HOST", "0.0.0.0"), e.port("DEBUG_PORT", 6070),
        configType, configPath, e.bool("MERGE_DOMAIN_CONFIG", false),
        e.get("CONFIG_GRPC_XDS_SERVER_URL", "localhost:18000"), e.get("CONFIG_GRPC_XDS_NODE_ID", "default"),
        nodeMetadata(e.get("CONFIG_GRPC_XDS_NODE_METADATA", "")),
        e.duration("CONFIG_GRPC_XDS_SERVER_CONNECT_RETRY_INTERVAL", "3s"),
        new XdsTls(e.bool("CONFIG_GRPC_XDS_SERVER_USE_TLS", false), e.get("CONFIG_GRPC_XDS_CLIENT_TLS_CERT", ""),
            e.get("CONFIG_GRPC_XDS_CLIENT_TLS_KEY", ""), e.get("CONFIG_GRPC_XDS_SERVER_TLS_CACERT", ""),
            e.get("CONFIG_GRPC_XDS_SERVER_TLS_SAN", "")),
        pairs("CONFIG_GRPC_XDS_CLIENT_ADDITIONAL_HEADERS", e.get("CONFIG_GRPC_XDS_CLIENT_ADDITIONAL_HEADERS", "")),
        grpcTls(e),
        backend, redis, perSecond,
        e.duration("REDIS_STARTUP_INITIAL_INTERVAL", "1s"), e.duration("REDIS_STARTUP_MAX_INTERVAL", "30s"),
        e.bool("REDIS_HEALTH_CHECK_ACTIVE_CONNECTION", false),
        e.integer("LOCAL_CACHE_SIZE_IN_BYTES", 0), ratio, e.get("CACHE_KEY_PREFIX", ""),
        e.integer("EXPIRATION_JITTER_MAX_SECONDS", 300), e.integer("MEMORY_MAX_KEYS", 1_000_000),
        e.bool("STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT", false), service, e.bool("HEALTHY_WITH_AT_LEAST_ONE_CONFIG_LOADED", false),
        pairs("EXTRA_TAGS", e.get("EXTRA_TAGS", "")),
        e.bool("USE_PROMETHEUS", false) ? e.get("PROMETHEUS_ADDR", ":9090") : "",
        e.get("PROMETHEUS_PATH", "/metrics"),
        e.bool("FORCE_START_WITHOUT_INITIAL_CONFIG", false));
  }

  private static ServerTls grpcTls(Env e) {
    ServerTls tls = new ServerTls(e.bool("GRPC_SERVER_USE_TLS", false), e.get("GRPC_SERVER_TLS_CERT", ""),
        e.get("GRPC_SERVER_TLS_KEY", ""), e.get("GRPC_CLIENT_TLS_CACERT", ""));
    if (tls.enabled() && (tls.cert().isEmpty() || tls.key().isEmpty())) {
      throw new IllegalArgumentException("GRPC_SERVER_USE_TLS: true needs GRPC_SERVER_TLS_CERT and GRPC_SERVER_TLS_KEY");
    }
    return tls;
  }

  /** {@code key1:val1,key2:val2}, envconfig's map format (EXTRA_TAGS, CONFIG_GRPC_XDS_CLIENT_ADDITIONAL_HEADERS). */
  static Map<String, String> pairs(String variable, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int colon = pair.indexOf(':');
      if (colon > 0) {
        out.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      } else if (!pair.isBlank()) {
        throw new IllegalArgumentException(variable + ": '" + pair + "' (expected: name:value)");
      }
    }
    return out;
  }

  /** {@code key1=val1,key2=val2}, as upstream reads CONFIG_GRPC_XDS_NODE_METADATA. */
  static Map<String, String> nodeMetadata(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  private record Env(Map<String, String> env) {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    boolean has(String name) {
      String v = env.get(name);
      return v != null && !v.isEmpty();
    }

    String get(String name, String absent) {
      return has(name) ? env.get(name) : absent;
    }

    boolean bool(String name, boolean absent) {
      if (!has(name)) {
        return absent;
      }
      return switch (env.get(name).trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "t", "yes" -> true;
        case "false", "0", "f", "no" -> false;
        default -> throw new IllegalArgumentException(name + ": '" + env.get(name) + "' (expected: true or false)");
      };
    }

    long integer(String name, long absent) {
      if (!has(name)) {
        return absent;
      }
      try {
        long v = Long.parseLong(env.get(name).trim());
        if (v < 0) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + ": '" + env.get(name) + "' (expected: a whole number >= 0)");
      }
    }

    int port(String name, int absent) {
      long v = integer(name, absent);
      if (v > 65535) {
        throw new IllegalArgumentException(name + ": " + v + " (expected: 0-65535)");
      }
      return (int) v;
    }

    float number(String name, String absent) {
      String v = get(name, absent);
      try {
        return Float.parseFloat(v.trim());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + ": '" + v + "' (expected: a number)");
      }
    }

    /** Go's duration syntax: {@code 10s}, {@code 500ms}, {@code 1h30m}. */
    Duration duration(String name, String absent) {
      String v = get(name, absent).trim();
      if (v.equals("0")) {
        return Duration.ZERO;
      }
      Matcher m = DURATION_PART.matcher(v);
      long nanos = 0;
      int at = 0;
      while (m.find() && m.start() == at) {
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          default -> 3_600_000_000_000L;
        };
        nanos += (long) (n * unit);
        at = m.end();
      }
      if (at != v.length() || v.isEmpty()) {
        throw new IllegalArgumentException(name + ": '" + v + "' (expected: a duration such as 500ms, 10s or 1m)");
      }
      return Duration.ofNanos(nanos);
    }
  }
}

package dev.attache.ratelimit.server;

import static java.util.Objects.requireNonNull;

import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.ratelimit.http.HttpFrontend;
import dev.attache.ratelimit.http.PrometheusEndpoint;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.limiter.LocalOverLimitCache;
import dev.attache.ratelimit.limiter.RateLimitEngine;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.memory.MemoryCounterBackend;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.ratelimit.redis.RedisCounterBackend;
import dev.attache.ratelimit.service.RateLimitGrpcService;
import dev.attache.ratelimit.service.RateLimiter;
import dev.attache.ratelimit.xds.XdsConfigClient;
import dev.attache.server.admin.AdminServer;
import dev.attache.server.config.ConfigStatus;
import dev.attache.server.config.ConfigWatcher;
import dev.attache.server.grpc.GrpcServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running ratelimit service: configuration (watched files or xDS), counters (memory or Redis),
 * the gRPC service, the HTTP port and the admin port. Closing it stops them in reverse order,
 * the gRPC server draining first.
 */
public final class RatelimitRuntime implements AutoCloseable {
  private final RatelimitSettings settings;
  private final PrometheusMeterRegistry registry;
  private final AtomicReference<RateLimitConfig> config = new AtomicReference<>();
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private ConfigWatcher<RateLimitConfig> watcher;
  private XdsConfigClient xds;
  private CounterBackend backend;
  private GrpcServer grpc;
  private HttpFrontend http;
  private AdminServer admin;
  private PrometheusEndpoint prometheus;

  private RatelimitRuntime(RatelimitSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // EXTRA_TAGS: upstream adds them to every stat; here they are labels on every metric.
    settings.extraTags().forEach((k, v) -> registry.config().commonTags(k, v));
  }

  /** Starts everything; on failure what had started is stopped again and the error rethrown. */
  public static RatelimitRuntime start(RatelimitSettings settings) {
    RatelimitRuntime r = new RatelimitRuntime(settings);
    try {
      r.startParts();
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void startParts() {
    RateLimitMetrics metrics = new RateLimitMetrics(registry);
    RateLimitConfigLoader loader = new RateLimitConfigLoader(metrics, settings.mergeDomains());
    switch (settings.configType()) {
      case FILE -> {
        if (!Files.exists(settings.configPath())) {
          throw new IllegalArgumentException("ratelimit: configuration path " + settings.configPath()
              + " does not exist (set --config, or RUNTIME_ROOT, RUNTIME_SUBDIRECTORY and RUNTIME_APPDIRECTORY)");
        }
        try {
          // Every non-hidden file counts, whatever its name, as upstream's runtime loader reads them
          // (ConfigMap keys often have no extension).
          watcher = own(ConfigWatcher.builder("ratelimit", settings.configPath(), loader)
              .debounce(Duration.ofMillis(250)).metrics(registry).onLoad(config::set).build().start());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case GRPC_XDS_SOTW -> xds = own(new XdsConfigClient(settings.xdsServerUrl(), settings.xdsNodeId(),
          settings.xdsNodeMetadata(), settings.xdsRetryInterval(), settings.xdsTls(), settings.xdsHeaders(), loader,
          config::set).start());
    }
    backend = own(switch (settings.backend()) {
      case MEMORY -> new MemoryCounterBackend(InstantSource.system(), settings.memoryMaxKeys());
      case REDIS -> new RedisCounterBackend(settings.redis(), settings.redisPerSecond(),
          settings.expirationJitterMaxSeconds(), settings.redisStartupInitialInterval(), settings.redisStartupMaxInterval());
    });
    LocalOverLimitCache local = settings.localCacheSizeBytes() > 0
        ? new LocalOverLimitCache(settings.localCacheSizeBytes(), InstantSource.system()) : null;
    if (local != null) {
      local.bindTo(registry);
    }
    RateLimitEngine engine = new RateLimitEngine(backend, InstantSource.system(), settings.cacheKeyPrefix(),
        settings.nearLimitRatio(), local, settings.stopCacheKeyIncrementWhenOverLimit());
    RateLimiter limiter = new RateLimiter(config::get, engine, settings.service(), metrics);
    RateLimitGrpcService service = new RateLimitGrpcService(limiter, metrics);
    GrpcServer.Builder grpcBuilder = GrpcServer.builder("ratelimit").host(settings.grpcHost())
        .port(settings.grpcPort()).addService(service);
    if (settings.grpcTls().enabled()) {
      grpcBuilder.credentials(settings.grpcTls().credentials());
    }
    grpc = own(grpcBuilder.build().start());
    http = own(HttpFrontend.start(settings.httpHost(), settings.httpPort(), limiter, this::healthy, this::dump));
    // grpc.health.v1 follows /healthcheck, as upstream's health checker drives both.
    ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ratelimit-health");
      t.setDaemon(true);
      return t;
    });
    own(health::shutdownNow);
    GrpcServer served = grpc;
    health.scheduleWithFixedDelay(() -> served.setServing("", healthy()), 0, 1, TimeUnit.SECONDS);
    if (!settings.prometheusAddress().isEmpty()) {
      prometheus = own(PrometheusEndpoint.start(settings.prometheusAddress(), settings.prometheusPath(), registry));
    }
    admin = own(AdminServer.builder("ratelimit").host(settings.adminHost()).port(settings.adminPort())
        .metrics(registry).readiness(this::ready).configDump(this::configDump)
        .route("/rlconfig", exchange -> AdminServer.respond(exchange, 200, "text/plain", dump()))
        .build().start());
  }

  private <T extends AutoCloseable> T own(T part) {
    parts.push(part);
    return part;
  }

  /**
   * {@code /healthcheck}: as upstream, healthy unless told to wait for a config or for Redis.
   * Upstream with xDS and without FORCE_START_WITHOUT_INITIAL_CONFIG does not serve at all until
   * the first configuration arrives; here the ports are up but report unhealthy until then.
   */
  public boolean healthy() {
    if (settings.healthyWithAtLeastOneConfigLoaded() && (config.get() == null || config.get().isEmpty())) {
      return false;
    }
    if (settings.configType() == RatelimitSettings.ConfigType.GRPC_XDS_SOTW
        && !settings.forceStartWithoutInitialConfig() && config.get() == null) {
      return false;
    }
    return !settings.redisHealthCheckActiveConnection() || backend.healthy();
  }

  /** {@code /ready}: a configuration is live and the counters can be reached. */
  public boolean ready() {
    return config.get() != null && backend.healthy();
  }

  public String dump() {
    RateLimitConfig c = config.get();
    return c == null ? "" : c.dump();
  }

  private Object configDump() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("config_type", settings.configType().name());
    out.put("backend", settings.backend().name());
    RateLimitConfig c = config.get();
    out.put("domains", c == null ? java.util.List.of() : c.domains());
    if (watcher != null) {
      ConfigStatus s = watcher.status();
      out.put("config_path", settings.configPath().toString());
      out.put("live_version", s.liveVersion());
      out.put("live_since", s.liveSince().toString());
      out.put("last_error", s.lastError());
    }
    if (xds != null) {
      out.put("xds_server", settings.xdsServerUrl());
      out.put("live_version", xds.acceptedVersion());
      out.put("last_error", xds.lastError());
    }
    out.put("limits", dump());
    return out;
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  public int adminPort() {
    return admin.port();
  }

  /** The USE_PROMETHEUS listener's port, or -1 when it is off. */
  public int prometheusPort() {
    return prometheus == null ? -1 : prometheus.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The live configuration, or null before one has loaded. */
  public RateLimitConfig config() {
    return config.get();
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }
}

package dev.attache.authz.service;

import static java.util.Objects.requireNonNull;

import dev.attache.authz.policy.PolicyLoader;
import dev.attache.authz.policy.PolicySet;
import dev.attache.server.admin.AdminServer;
import dev.attache.server.config.ConfigWatcher;
import dev.attache.server.grpc.GrpcServer;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * authz-service assembled: the watched policy files, the Check service on gRPC, and the admin
 * server. Used by {@code attache authz} and by tests, which bind 127.0.0.1 and port 0.
 */
public final class AuthzServer implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final AuthzService service;
  /** The policy files' watcher, or null when policies come over xDS. */
  private final ConfigWatcher<PolicySet> watcher;
  /** The xDS subscription, or null when policies come from files. */
  private final dev.attache.authz.xds.PolicyXdsClient xds;
  private volatile GrpcServer grpc;
  private final AdminServer admin;

  private AuthzServer(Path config, String host, int port, int adminPort, AuthzSettings settings, Duration debounce)
      throws IOException {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.service = new AuthzService(settings, Clock.systemUTC(), registry);
    this.xds = null;
    ConfigWatcher<PolicySet> w = ConfigWatcher.builder("authz", config, new PolicyLoader())
        .yamlOnly().debounce(debounce).metrics(registry).onLoad(this::apply).build();
    try {
      this.watcher = w.start();
      this.grpc = GrpcServer.builder("authz").host(host).port(port).addService(service).build().start();
      // Until a configuration has loaded every Check would fail closed; say so to health checkers.
      setServing(service.ready());
    } catch (IOException | RuntimeException e) {
      w.close();
      service.close();
      throw e;
    }
    this.admin = AdminServer.builder("authz").host(host).port(adminPort).metrics(registry)
        .readiness(service::ready)
        .configDump(() -> ConfigDump.of(service.live(), watcher.status(), service.jwks()))
        .build().start();
  }

  /** authz-service with its policies from the control plane's xDS server at {@code xdsServer} (host:port). */
  private AuthzServer(String xdsServer, String nodeId, dev.attache.authz.xds.XdsTls tls, String host, int port,
      int adminPort, AuthzSettings settings) throws IOException {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.service = new AuthzService(settings, Clock.systemUTC(), registry);
    this.watcher = null;
    try {
      this.grpc = GrpcServer.builder("authz").host(host).port(port).addService(service).build().start();
      // Not serving until the first policies arrive: every Check would fail closed before.
      setServing(false);
      this.xds = new dev.attache.authz.xds.PolicyXdsClient(xdsServer, nodeId, Duration.ofSeconds(3), tls, this::apply)
          .start();
    } catch (RuntimeException e) {
      if (grpc != null) {
        grpc.shutdown(); // the xDS channel could not be made (an unreadable TLS file): nothing keeps running
      }
      service.close();
      throw e;
    }
    this.admin = AdminServer.builder("authz").host(host).port(adminPort).metrics(registry)
        .readiness(service::ready)
        .configDump(() -> {
          java.util.Map<String, Object> dump = new java.util.LinkedHashMap<>();
          dump.put("xds", java.util.Map.of("server", xdsServer, "node", nodeId, "tls", tls.enabled(),
              "version", xds.acceptedVersion(), "lastError", xds.lastError()));
          dump.putAll(ConfigDump.of(service.live(), null, service.jwks()));
          return dump;
        })
        .build().start();
  }

  /**
   * Starts authz-service subscribed to the control plane's policies over xDS (plaintext); it is
   * not ready until the first version has loaded.
   */
  public static AuthzServer startXds(String xdsServer, String nodeId, String host, int port, int adminPort,
      AuthzSettings settings) throws IOException {
    return startXds(xdsServer, nodeId, dev.attache.authz.xds.XdsTls.PLAINTEXT, host, port, adminPort, settings);
  }

  /** As {@link #startXds(String, String, String, int, int, AuthzSettings)}, the stream as {@code tls} says. */
  public static AuthzServer startXds(String xdsServer, String nodeId, dev.attache.authz.xds.XdsTls tls, String host,
      int port, int adminPort, AuthzSettings settings) throws IOException {
    requireNonNull(xdsServer, "xdsServer");
    requireNonNull(tls, "tls");
    return new AuthzServer(xdsServer, nodeId, tls, host, port, adminPort, settings);
  }

  /** The xDS subscription, or null when the policies come from files. */
  public dev.attache.authz.xds.PolicyXdsClient xds() {
    return xds;
  }

  private void apply(PolicySet set) {
    service.apply(set);
    setServing(true);
  }

  private void setServing(boolean serving) {
    GrpcServer g = grpc;
    if (g != null) {
      g.setServing(AuthorizationGrpc.SERVICE_NAME, serving);
      g.setServing("", serving);
    }
  }

  /** Starts everything; the first load happens before this returns (a bad first config leaves the service not ready). */
  public static AuthzServer start(Path config, String host, int port, int adminPort, AuthzSettings settings)
      throws IOException {
    return start(config, host, port, adminPort, settings, Duration.ofMillis(100));
  }

  public static AuthzServer start(Path config, String host, int port, int adminPort, AuthzSettings settings,
      Duration debounce) throws IOException {
    requireNonNull(config, "config");
    return new AuthzServer(config, host, port, adminPort, settings, debounce);
  }

  public int port() {
    return grpc.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public ConfigWatcher<PolicySet> watcher() {
    return watcher;
  }

  public AuthzService service() {
    return service;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    grpc.shutdown();
    admin.close();
    if (watcher != null) {
      watcher.close();
    }
    if (xds != null) {
      xds.close();
    }
    service.close();
  }
}

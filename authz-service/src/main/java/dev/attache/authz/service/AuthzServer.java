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
  private final ConfigWatcher<PolicySet> watcher;
  private volatile GrpcServer grpc;
  private final AdminServer admin;

  private AuthzServer(Path config, String host, int port, int adminPort, AuthzSettings settings, Duration debounce)
      throws IOException {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.service = new AuthzService(settings, Clock.systemUTC(), registry);
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
    watcher.close();
    service.close();
  }
}

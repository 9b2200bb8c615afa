package dev.attache.ratelimit.http;

import com.sun.net.httpserver.HttpServer;
import dev.attache.server.admin.AdminServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * envoyproxy/ratelimit's own Prometheus listener ({@code USE_PROMETHEUS=true} on
 * {@code PROMETHEUS_ADDR}, path {@code PROMETHEUS_PATH}), which Envoy Gateway scrapes; the same
 * metrics are also on the admin port's {@code /metrics}.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService executor;

  private PrometheusEndpoint(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /** @param address {@code :9090}, {@code host:port} */
  public static PrometheusEndpoint start(String address, String path, PrometheusMeterRegistry registry) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("PROMETHEUS_ADDR: '" + address + "' (expected: [host]:port)");
    }
    String host = colon == 0 ? "0.0.0.0" : address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PROMETHEUS_ADDR: '" + address + "' (expected: [host]:port)");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("PROMETHEUS_PATH: '" + path + "' (expected: starts with /)");
    }
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("ratelimit: cannot listen for Prometheus on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext(path, exchange -> {
      try (exchange) {
        AdminServer.respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    });
    http.start();
    return new PrometheusEndpoint(http, executor);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}

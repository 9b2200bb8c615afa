package dev.attache.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server every Attaché server runs: {@code /metrics} (Prometheus text),
 * {@code /healthz} (the process is alive), {@code /ready} (it has a live configuration and can
 * serve), {@code /config_dump} (the live configuration as JSON, secrets redacted by its supplier),
 * plus routes a server adds of its own.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String name;
  private final HttpServer http;
  private final ExecutorService executor;

  private AdminServer(Builder b) {
    this.name = b.name;
    try {
      this.http = HttpServer.create(new InetSocketAddress(b.host, b.port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          b.name + ": cannot listen for admin HTTP on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    PrometheusMeterRegistry registry = b.registry;
    BooleanSupplier ready = b.ready;
    Supplier<Object> dump = b.configDump;
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put("/metrics", exchange -> {
      if (registry == null) {
        respond(exchange, 404, "text/plain", "no metrics registry\n");
        return;
      }
      respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    });
    routes.put("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    routes.put("/ready", exchange -> {
      if (ready.getAsBoolean()) {
        respond(exchange, 200, "text/plain", "ready\n");
      } else {
        respond(exchange, 503, "text/plain", "not ready\n");
      }
    });
    routes.put("/config_dump", exchange -> {
      Object body = dump.get();
      respond(exchange, 200, "application/json", JSON.writeValueAsString(body) + "\n");
    });
    routes.putAll(b.routes);
    routes.forEach((path, handler) -> http.createContext(path, guarded(path, handler)));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public AdminServer start() {
    http.start();
    log.info("{} admin HTTP listening on {}", name, http.getAddress());
    return this;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  /** Writes a whole response; the body is UTF-8 text. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A handler that throws answers 500 instead of leaving the client hanging. */
  private HttpHandler guarded(String path, HttpHandler handler) {
    return exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException | IOException e) {
        log.warn("{} admin {} failed: {}", name, path, e.toString());
        try {
          respond(exchange, 500, "text/plain", "internal error\n");
        } catch (IOException ignored) {
          // the response had already started; nothing more to say
        }
      } finally {
        exchange.close();
      }
    };
  }

  /** Settings of an {@link AdminServer}. */
  public static final class Builder {
    private final String name;
    private String host = "0.0.0.0";
    private int port;
    private PrometheusMeterRegistry registry;
    private BooleanSupplier ready = () -> true;
    private Supplier<Object> configDump = Map::of;
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    public Builder metrics(PrometheusMeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** What {@code /ready} reports; default always ready. */
    public Builder readiness(BooleanSupplier ready) {
      this.ready = requireNonNull(ready, "ready");
      return this;
    }

    /** What {@code /config_dump} serializes to JSON. It must not contain secrets. */
    public Builder configDump(Supplier<Object> dump) {
      this.configDump = requireNonNull(dump, "dump");
      return this;
    }

    /** An extra route, such as ratelimit's {@code /rlconfig}. */
    public Builder route(String path, HttpHandler handler) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path: " + path + " (expected: starts with /)");
      }
      routes.put(path, requireNonNull(handler, "handler"));
      return this;
    }

    public AdminServer build() {
      return new AdminServer(this);
    }
  }
}

package dev.attache.ratelimit.http;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.attache.ratelimit.service.RateLimitCallException;
import dev.attache.ratelimit.service.RateLimiter;
import dev.attache.server.admin.AdminServer;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * envoyproxy/ratelimit's HTTP port: {@code POST /json} takes a RateLimitRequest in protobuf JSON
 * and answers the RateLimitResponse as JSON with 200 (OK) or 429 (OVER_LIMIT); a request it
 * cannot parse or judge gets 400, a Redis outage 503. {@code /healthcheck} answers 200 "OK" or
 * 500; {@code /rlconfig} prints the loaded limits.
 */
public final class HttpFrontend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFrontend.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer http;
  private final ExecutorService executor;

  private HttpFrontend(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  public static HttpFrontend start(String host, int port, RateLimiter limiter, BooleanSupplier healthy,
      Supplier<String> configDump) {
    requireNonNull(limiter, "limiter");
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("ratelimit: cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/json", guarded(exchange -> json(exchange, limiter)));
    http.createContext("/healthcheck", guarded(exchange -> {
      if (healthy.getAsBoolean()) {
        AdminServer.respond(exchange, 200, "text/plain", "OK");
      } else {
        AdminServer.respond(exchange, 500, "text/plain", "");
      }
    }));
    http.createContext("/rlconfig", guarded(exchange -> AdminServer.respond(exchange, 200, "text/plain", configDump.get())));
    http.start();
    log.info("ratelimit HTTP listening on {}", http.getAddress());
    return new HttpFrontend(http, executor);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private static void json(HttpExchange exchange, RateLimiter limiter) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      AdminServer.respond(exchange, 405, "text/plain", "Method Not Allowed\n");
      return;
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        AdminServer.respond(exchange, 413, "text/plain", "Request Entity Too Large\n");
        return;
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    RateLimitRequest.Builder request = RateLimitRequest.newBuilder();
    try {
      JsonFormat.parser().merge(body, request);
    } catch (InvalidProtocolBufferException e) {
      AdminServer.respond(exchange, 400, "text/plain", "Bad Request: " + e.getMessage() + "\n");
      return;
    }
    RateLimitResponse response;
    try {
      response = limiter.shouldRateLimit(request.build()).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Status status = e.getCause() instanceof RateLimitCallException r ? r.status() : Status.INTERNAL;
      int code = status.getCode() == Status.Code.UNAVAILABLE ? 503 : 400;
      AdminServer.respond(exchange, code, "text/plain", status.getCode() + ": " + status.getDescription() + "\n");
      return;
    } catch (TimeoutException e) {
      AdminServer.respond(exchange, 503, "text/plain", "timed out\n");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AdminServer.respond(exchange, 503, "text/plain", "interrupted\n");
      return;
    }
    int code = switch (response.getOverallCode()) {
      case OVER_LIMIT -> 429;
      case OK -> 200;
      default -> 500;
    };
    AdminServer.respond(exchange, code, "application/json", JsonFormat.printer().print(response));
  }

  private static HttpHandler guarded(HttpHandler handler) {
    return exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException | IOException e) {
        log.warn("ratelimit HTTP {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
        try {
          AdminServer.respond(exchange, 500, "text/plain", "internal error\n");
        } catch (IOException ignored) {
          // the response had already started
        }
      } finally {
        exchange.close();
      }
    };
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}

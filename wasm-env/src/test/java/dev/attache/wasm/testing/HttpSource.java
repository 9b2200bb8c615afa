package dev.attache.wasm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on 127.0.0.1 that hosts module files the way a web server or object store
 * would, with the misbehaviours tests need: error statuses, a body that stalls, a body cut short.
 */
public final class HttpSource implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  private sealed interface Behaviour {}

  private record Serve(byte[] body) implements Behaviour {}

  private record Status(int code) implements Behaviour {}

  /** Sends headers and {@code first} bytes of the body, then nothing for {@code pause}. */
  private record Stall(byte[] body, int first, Duration pause) implements Behaviour {}

  /** Announces the full length, sends {@code sent} bytes, then closes the connection. */
  private record Truncate(byte[] body, int sent) implements Behaviour {}

  private HttpSource(int port, SSLContext tls) {
    try {
      InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      if (tls != null) {
        HttpsServer https = HttpsServer.create(addr, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        http = https;
      } else {
        http = HttpServer.create(addr, 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  public static HttpSource start() {
    return new HttpSource(0, null);
  }

  /** An HTTPS server presenting {@link TestTls}'s certificate. */
  public static HttpSource startTls() {
    return new HttpSource(0, TestTls.server());
  }

  /** A server on a given port (to bring a stopped source back where it was). */
  public static HttpSource startOn(int port) {
    return new HttpSource(port, null);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public URI url(String path) {
    return URI.create((http instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + path);
  }

  public HttpSource serve(String path, byte[] body) {
    routes.put(path, new Serve(body));
    return this;
  }

  public HttpSource status(String path, int code) {
    routes.put(path, new Status(code));
    return this;
  }

  public HttpSource stall(String path, byte[] body, int first, Duration pause) {
    routes.put(path, new Stall(body, first, pause));
    return this;
  }

  public HttpSource truncate(String path, byte[] body, int sent) {
    routes.put(path, new Truncate(body, sent));
    return this;
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    Behaviour b = routes.get(path);
    try (ex) {
      switch (b) {
        case null -> ex.sendResponseHeaders(404, -1);
        case Status s -> ex.sendResponseHeaders(s.code(), -1);
        case Serve s -> {
          ex.sendResponseHeaders(200, s.body().length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(s.body());
          }
        }
        case Stall s -> {
          ex.sendResponseHeaders(200, s.body().length);
          OutputStream out = ex.getResponseBody();
          out.write(s.body(), 0, s.first());
          out.flush();
          try {
            Thread.sleep(s.pause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          out.write(s.body(), s.first(), s.body().length - s.first());
          out.close();
        }
        case Truncate t -> {
          ex.sendResponseHeaders(200, t.body().length);
          OutputStream out = ex.getResponseBody();
          out.write(t.body(), 0, t.sent());
          out.flush();
          // Closing the exchange without the remaining bytes drops the connection mid-body.
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to do
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}

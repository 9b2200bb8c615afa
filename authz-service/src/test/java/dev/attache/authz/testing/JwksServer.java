package dev.attache.authz.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on 127.0.0.1 (JDK HTTP server) that counts requests, can change its keys, answer
 * errors, or be stopped and started again on the same port.
 */
public final class JwksServer implements AutoCloseable {
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body;
  private volatile int status = 200;
  private HttpServer http;
  private int port;

  public JwksServer(String body) {
    this.body = body;
    start(0);
  }

  private void start(int p) {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext("/", ex -> {
      requests.incrementAndGet();
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("content-type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    http.start();
    port = http.getAddress().getPort();
  }

  public String uri() {
    return "http://127.0.0.1:" + port + "/jwks.json";
  }

  public int requests() {
    return requests.get();
  }

  public void setBody(String body) {
    this.body = body;
  }

  public void setStatus(int status) {
    this.status = status;
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  public void stop() {
    http.stop(0);
  }

  public void restart() {
    start(port);
  }

  @Override
  public void close() {
    http.stop(0);
  }
}

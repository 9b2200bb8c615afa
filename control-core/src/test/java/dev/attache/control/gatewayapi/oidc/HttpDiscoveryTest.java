package dev.attache.control.gatewayapi.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issuer discovery against a real HTTP server on loopback, with Envoy Gateway's rules and messages. */
class HttpDiscoveryTest {
  private HttpServer server;
  private String issuer;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Handler handler;

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange, int call) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try {
        if (!exchange.getRequestURI().getPath().equals("/realm/.well-known/openid-configuration")) {
          respond(exchange, 404, "not here");
          return;
        }
        handler.handle(exchange, calls.incrementAndGet());
      } finally {
        exchange.close();
      }
    });
    server.start();
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private OpenIdConfiguration discover(Duration timeout) throws DiscoveryException {
    return new HttpDiscovery(timeout).caching().discover(issuer, null);
  }

  @Test
  void findsTheEndpoints() throws Exception {
    handler = (exchange, call) -> respond(exchange, 200, """
        {"issuer": "x", "token_endpoint": "https://idp.example/token",
         "authorization_endpoint": "https://idp.example/auth", "end_session_endpoint": "https://idp.example/logout"}
        """);
    assertThat(discover(Duration.ofSeconds(5))).isEqualTo(new OpenIdConfiguration("https://idp.example/token",
        "https://idp.example/auth", "https://idp.example/logout"));
  }

  @Test
  void notFoundIsFinal() {
    handler = (exchange, call) -> respond(exchange, 404, "");
    assertThatThrownBy(() -> discover(Duration.ofSeconds(5))).isInstanceOf(DiscoveryException.class)
        .hasMessage("failed fetching openid-configuration from issuer URL: " + issuer + ", status code: 404");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aServerErrorIsRetried() throws Exception {
    handler = (exchange, call) -> {
      if (call == 1) {
        respond(exchange, 503, "busy");
      } else {
        respond(exchange, 200, "{\"token_endpoint\": \"https://t\", \"authorization_endpoint\": \"https://a\"}");
      }
    };
    assertThat(discover(Duration.ofSeconds(5)).tokenEndpoint()).isEqualTo("https://t");
    assertThat(calls).hasValue(2);
  }

  @Test
  void malformedJsonIsFinal() {
    handler = (exchange, call) -> respond(exchange, 200, "<html>");
    assertThatThrownBy(() -> discover(Duration.ofSeconds(5))).isInstanceOf(DiscoveryException.class)
        .hasMessage("error decoding openid-configuration response: invalid character '<' looking for beginning of value");
  }

  @Test
  void aDocumentWithoutATokenEndpointIsInvalid() {
    handler = (exchange, call) -> respond(exchange, 200, "{\"authorization_endpoint\": \"https://a\"}");
    assertThatThrownBy(() -> discover(Duration.ofSeconds(5))).isInstanceOf(DiscoveryException.class)
        .hasMessage("invalid openid-configuration from issuer URL " + issuer
            + ": token_endpoint not found in OpenID configuration");
  }

  @Test
  void aSlowIssuerTimesOut() {
    handler = (exchange, call) -> {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    assertThatThrownBy(() -> discover(Duration.ofMillis(200))).isInstanceOf(DiscoveryException.class)
        .hasMessage("Get \"" + issuer + "/.well-known/openid-configuration\": context deadline exceeded"
            + " (Client.Timeout exceeded while awaiting headers)");
    assertThat(calls.get()).isGreaterThan(1);
  }

  @Test
  void answersAreCached() throws Exception {
    handler = (exchange, call) -> respond(exchange, 200,
        "{\"token_endpoint\": \"https://t\", \"authorization_endpoint\": \"https://a\"}");
    IssuerDiscovery discovery = new HttpDiscovery(Duration.ofSeconds(5)).caching();
    discovery.discover(issuer, null);
    discovery.discover(issuer, null);
    assertThat(calls).hasValue(1);
  }
}

package dev.attache.authz.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.authz.testing.JwksServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {
  @Test
  void bodiesOverTheLimitAreCutOff() throws Exception {
    try (JwksServer server = new JwksServer("x".repeat(4096)); HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest get = HttpRequest.newBuilder(URI.create(server.uri())).build();
      assertThat(http.send(get, LimitedBody.handler(8192)).body()).hasSize(4096);
      assertThatThrownBy(() -> http.send(get, LimitedBody.handler(1024)))
          .hasMessageContaining("response larger than 1024 bytes");
    }
  }
}

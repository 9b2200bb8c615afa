package dev.attache.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private AdminServer admin;

  @AfterEach
  void tearDown() {
    if (admin != null) {
      admin.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void start() {
    admin = AdminServer.builder("test").host("127.0.0.1").port(0)
        .metrics(registry)
        .readiness(ready::get)
        .configDump(() -> Map.of("version", "abc123", "domains", 2))
        .route("/rlconfig", ex -> AdminServer.respond(ex, 200, "text/plain", "domain: x\n"))
        .route("/boom", ex -> {
          throw new IllegalStateException("broken handler");
        })
        .build().start();
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    start();
    Counter.builder("attache.test.requests").tag("result", "ok").register(registry).increment(3);

    HttpResponse<String> r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue(AdminServer.PROMETHEUS_TEXT);
    assertThat(r.body())
        .contains("# TYPE attache_test_requests_total counter")
        .contains("attache_test_requests_total{result=\"ok\"} 3.0");
  }

  @Test
  void healthzAndReadyReportLivenessAndReadiness() throws Exception {
    start();
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void configDumpIsJson() throws Exception {
    start();
    HttpResponse<String> r = get("/config_dump");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).contains("\"version\" : \"abc123\"").contains("\"domains\" : 2");
  }

  @Test
  void extraRoutesAndFailingHandlers() throws Exception {
    start();
    assertThat(get("/rlconfig").body()).isEqualTo("domain: x\n");
    HttpResponse<String> boom = get("/boom");
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).doesNotContain("broken handler");
    assertThat(get("/healthz").statusCode()).as("still serving after a failed handler").isEqualTo(200);
  }
}

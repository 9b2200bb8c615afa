package dev.attache.ratelimit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.ratelimit.TestConfigs;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service as {@code attache ratelimit} runs it, with the memory backend, over real ports. */
class RatelimitRuntimeTest {
  @TempDir
  Path dir;
  RatelimitRuntime runtime;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.copy(TestConfigs.path("service_config.yaml"), dir.resolve("svc.yaml"));
    runtime = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.ofEntries(
        Map.entry(RatelimitSettings.CONFIG_PATH_VARIABLE, dir.toString()),
        Map.entry("GRPC_HOST", "127.0.0.1"), Map.entry("GRPC_PORT", "0"),
        Map.entry("HOST", "127.0.0.1"), Map.entry("PORT", "0"),
        Map.entry("DEBUG_HOST", "127.0.0.1"), Map.entry("DEBUG_PORT", "0"),
        Map.entry("LIMIT_RESPONSE_HEADERS_ENABLED", "true"), Map.entry("LOCAL_CACHE_SIZE_IN_BYTES", "1048576"),
        Map.entry("EXTRA_TAGS", "cluster:east"), Map.entry("USE_PROMETHEUS", "true"),
        Map.entry("PROMETHEUS_ADDR", "127.0.0.1:0"), Map.entry("PROMETHEUS_PATH", "/stats/prometheus"))));
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jsonEndpointAnswers200Or429() throws Exception {
    HttpResponse<String> ok = post("/json", "{\"domain\":\"svc\",\"descriptors\":[{\"entries\":[{\"key\":\"per_minute\",\"value\":\"a\"}]}]}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"overallCode\": \"OK\"").contains("\"limitRemaining\": 9").contains("RateLimit-Remaining");
    HttpResponse<String> over = post("/json", "{\"domain\":\"svc\",\"descriptors\":[{\"entries\":[{\"key\":\"zero\",\"value\":\"a\"}]}]}");
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.body()).contains("\"overallCode\": \"OVER_LIMIT\"");
    assertThat(post("/json", "{not json").statusCode()).isEqualTo(400);
    HttpResponse<String> noDomain = post("/json", "{\"descriptors\":[{\"entries\":[{\"key\":\"zero\"}]}]}");
    assertThat(noDomain.statusCode()).isEqualTo(400);
    assertThat(noDomain.body()).contains("rate limit domain must not be empty");
  }

  @Test
  void healthcheckAndRlconfig() throws Exception {
    HttpResponse<String> health = get(runtime.httpPort(), "/healthcheck");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    assertThat(get(runtime.httpPort(), "/rlconfig").body())
        .contains("svc.per_minute: unit=MINUTE requests_per_unit=10, shadow_mode: false, quota_mode: false");
    assertThat(get(runtime.adminPort(), "/rlconfig").body()).contains("svc.per_minute");
    assertThat(get(runtime.adminPort(), "/ready").statusCode()).isEqualTo(200);
    assertThat(get(runtime.adminPort(), "/config_dump").body()).contains("\"domains\" : [ \"svc\" ]");
  }

  @Test
  void grpcAndPrometheusMetrics() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.grpcPort()).usePlaintext().build();
    try {
      var stub = RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      RateLimitRequest r = RateLimitRequest.newBuilder().setDomain("svc")
          .addDescriptors(TestConfigs.descriptor("per_minute", "m")).build();
      assertThat(stub.shouldRateLimit(r).getOverallCode()).isEqualTo(Code.OK);
    } finally {
      channel.shutdownNow();
    }
    String metrics = get(runtime.adminPort(), "/metrics").body();
    assertThat(metrics).contains("ratelimit_service_rate_limit_total_hits_total{cluster=\"east\",key=\"svc.per_minute\"} 1.0");
    assertThat(metrics).contains("ratelimit_service_rate_limit_within_limit_total{cluster=\"east\",key=\"svc.per_minute\"} 1.0");
    assertThat(metrics).contains("ratelimit_service_config_load_success_total{cluster=\"east\"} 1.0");
    assertThat(metrics).contains("ratelimit_service_response_time_seconds_bucket{cluster=\"east\",grpc_method=\"ShouldRateLimit\"");
    assertThat(metrics).contains("ratelimit_service_total_requests_total{cluster=\"east\",grpc_method=\"ShouldRateLimit\"} 1.0");
    assertThat(metrics).contains("ratelimit_localcache_missCount{cluster=\"east\"} 1.0");
    // USE_PROMETHEUS: the same metrics on upstream's own listener and path
    assertThat(get(runtime.prometheusPort(), "/stats/prometheus").body())
        .contains("ratelimit_service_rate_limit_total_hits_total{cluster=\"east\",key=\"svc.per_minute\"} 1.0");
  }

  @Test
  void healthWaitsForAConfigWhenAskedTo(@TempDir Path empty) throws Exception {
    try (RatelimitRuntime r = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.of(
        RatelimitSettings.CONFIG_PATH_VARIABLE, empty.toString(), "HEALTHY_WITH_AT_LEAST_ONE_CONFIG_LOADED", "true",
        "GRPC_HOST", "127.0.0.1", "GRPC_PORT", "0", "HOST", "127.0.0.1", "PORT", "0",
        "DEBUG_HOST", "127.0.0.1", "DEBUG_PORT", "0")))) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", r.grpcPort()).usePlaintext().build();
      try {
        var health = io.grpc.health.v1.HealthGrpc.newBlockingStub(channel);
        var check = io.grpc.health.v1.HealthCheckRequest.getDefaultInstance();
        assertThat(get(r.httpPort(), "/healthcheck").statusCode()).isEqualTo(500);
        // A check can time out while a loaded machine sets up the connection; keep asking.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> health.withDeadlineAfter(2, TimeUnit.SECONDS).check(check)
            .getStatus() == io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
        Files.copy(TestConfigs.path("service_config.yaml"), empty.resolve("svc.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(r.httpPort(), "/healthcheck").statusCode() == 200);
        // A check can time out while a loaded machine sets up the connection; keep asking.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> health.withDeadlineAfter(2, TimeUnit.SECONDS).check(check)
            .getStatus() == io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void grpcWithMutualTls() throws Exception {
    var certs = dev.attache.server.testing.TestCertificates.shared();
    try (RatelimitRuntime r = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.ofEntries(
        Map.entry(RatelimitSettings.CONFIG_PATH_VARIABLE, dir.toString()),
        Map.entry("GRPC_SERVER_USE_TLS", "true"),
        Map.entry("GRPC_SERVER_TLS_CERT", certs.serverCert().toString()),
        Map.entry("GRPC_SERVER_TLS_KEY", certs.serverKey().toString()),
        Map.entry("GRPC_CLIENT_TLS_CACERT", certs.caCert().toString()),
        Map.entry("GRPC_HOST", "127.0.0.1"), Map.entry("GRPC_PORT", "0"), Map.entry("HOST", "127.0.0.1"),
        Map.entry("PORT", "0"), Map.entry("DEBUG_HOST", "127.0.0.1"), Map.entry("DEBUG_PORT", "0"))))) {
      RateLimitRequest request = RateLimitRequest.newBuilder().setDomain("svc")
          .addDescriptors(TestConfigs.descriptor("per_minute", "tls")).build();
      ManagedChannel withCert = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", r.grpcPort(),
          io.grpc.TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile())
              .keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()).build()).build();
      ManagedChannel withoutCert = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", r.grpcPort(),
          io.grpc.TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile()).build()).build();
      try {
        assertThat(RateLimitServiceGrpc.newBlockingStub(withCert).withDeadlineAfter(10, TimeUnit.SECONDS)
            .shouldRateLimit(request).getOverallCode()).isEqualTo(Code.OK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimitServiceGrpc.newBlockingStub(withoutCert)
                .withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(request))
            .isInstanceOf(io.grpc.StatusRuntimeException.class);
      } finally {
        withCert.shutdownNow();
        withoutCert.shutdownNow();
      }
    }
  }

  @Test
  void redisFromTheEnvironmentAndItsHealthCheck() throws Exception {
    try (dev.attache.ratelimit.redis.RedisServer redis = dev.attache.ratelimit.redis.RedisServer.start();
         RatelimitRuntime r = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.ofEntries(
             Map.entry(RatelimitSettings.CONFIG_PATH_VARIABLE, dir.toString()),
             Map.entry("REDIS_SOCKET_TYPE", "tcp"), Map.entry("REDIS_URL", redis.url()),
             Map.entry("REDIS_TIMEOUT", "500ms"), Map.entry("REDIS_HEALTH_CHECK_ACTIVE_CONNECTION", "true"),
             Map.entry("CACHE_KEY_PREFIX", "env_"),
             Map.entry("GRPC_HOST", "127.0.0.1"), Map.entry("GRPC_PORT", "0"), Map.entry("HOST", "127.0.0.1"),
             Map.entry("PORT", "0"), Map.entry("DEBUG_HOST", "127.0.0.1"), Map.entry("DEBUG_PORT", "0"))))) {
      HttpResponse<String> ok = post("/json", r, "{\"domain\":\"svc\",\"descriptors\":[{\"entries\":[{\"key\":\"per_minute\",\"value\":\"r\"}]}]}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(redis.cli("KEYS", "env_svc_per_minute_r_*")).startsWith("env_svc_per_minute_r_");
      assertThat(get(r.httpPort(), "/healthcheck").statusCode()).isEqualTo(200);

      redis.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> get(r.httpPort(), "/healthcheck").statusCode() == 500);
      HttpResponse<String> down = post("/json", r, "{\"domain\":\"svc\",\"descriptors\":[{\"entries\":[{\"key\":\"per_minute\",\"value\":\"r\"}]}]}");
      assertThat(down.statusCode()).isEqualTo(503);
      redis.restart();
      await().atMost(Duration.ofSeconds(15)).until(() -> get(r.httpPort(), "/healthcheck").statusCode() == 200);
    }
  }

  HttpResponse<String> post(String path, RatelimitRuntime r, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readsASingleFile(@TempDir Path other) throws Exception {
    Path file = other.resolve("one.yaml");
    Files.copy(TestConfigs.path("basic_config.yaml"), file);
    try (RatelimitRuntime r = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.of(
        RatelimitSettings.CONFIG_PATH_VARIABLE, file.toString(),
        "GRPC_HOST", "127.0.0.1", "GRPC_PORT", "0", "HOST", "127.0.0.1", "PORT", "0",
        "DEBUG_HOST", "127.0.0.1", "DEBUG_PORT", "0")))) {
      assertThat(r.dump()).contains("test-domain.key2_value2: unit=MINUTE requests_per_unit=30");
    }
  }

  @Test
  void reloadsOnChangeAndKeepsTheLastGoodConfig() throws Exception {
    Files.writeString(dir.resolve("more.yaml"), "domain: more\ndescriptors:\n  - key: k\n    rate_limit: {unit: hour, requests_per_unit: 1}\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.dump().contains("more.k: unit=HOUR"));

    Files.writeString(dir.resolve("broken.yaml"), "domain: broken\ndescriptors:\n  - key: k\n    rate_limit: {unit: fortnight, requests_per_unit: 1}\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> get(runtime.adminPort(), "/metrics").body()
        .contains("ratelimit_service_config_load_error_total{cluster=\"east\"} 1.0"));
    assertThat(runtime.dump()).contains("more.k: unit=HOUR").contains("svc.per_minute").doesNotContain("broken");
    assertThat(get(runtime.adminPort(), "/config_dump").body()).contains("broken.yaml").contains("invalid rate limit unit 'fortnight'");
    HttpResponse<String> stillServing = post("/json", "{\"domain\":\"more\",\"descriptors\":[{\"entries\":[{\"key\":\"k\",\"value\":\"x\"}]}]}");
    assertThat(stillServing.statusCode()).isEqualTo(200);
  }
}

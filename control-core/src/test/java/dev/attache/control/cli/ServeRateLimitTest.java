package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve}'s global rate limiting follows the EnvoyGateway config as Envoy Gateway's does:
 * off without {@code rateLimit} (a global limit is refused with upstream's message), on with it
 * (the limit translates, the companion config server runs, Envoy's rate-limit cluster points at
 * the configured service).
 */
class ServeRateLimitTest {
  private static final String RESOURCES = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata: {name: eg}
      spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: eg, namespace: default}
      spec:
        gatewayClassName: eg
        listeners: [{name: http, protocol: HTTP, port: 8888}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: backend, namespace: default}
      spec:
        parentRefs: [{name: eg}]
        hostnames: [www.example.com]
        rules: [{backendRefs: [{name: backend, port: 3000}]}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: backend, namespace: default}
      spec: {ports: [{name: http, port: 3000, targetPort: 3000}]}
      ---
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: BackendTrafficPolicy
      metadata: {name: limit, namespace: default}
      spec:
        targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}]
        rateLimit:
          type: Global
          global:
            rules: [{limit: {requests: 2, unit: Hour}}]
      ---
      # Envoy's client certificate for the rate-limit service, as Envoy Gateway's certgen makes it.
      apiVersion: v1
      kind: Secret
      metadata: {name: envoy, namespace: envoy-gateway-system}
      data: {tls.crt: Y2VydA==, tls.key: a2V5}
      """;

  private static final String CONFIG = """
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: EnvoyGateway
      rateLimit:
        backend:
          type: Redis
          redis: {url: redis.redis-system.svc.cluster.local:6379}
      """;

  private static String statuses(ServeCommand.Running running) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + running.adminPort() + "/statuses")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static ServeCommand.Running serve(Path dir, String... extra) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("all.yaml"), RESOURCES);
    ServeCommand serve = new ServeCommand();
    String[] base = {"--resources", resources.toString(), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
        "--wasm-port", "0", "--ratelimit-xds-port", "0", "--wasm-cache-dir", dir.resolve("wasm").toString()};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    new CommandLine(serve).parseArgs(args);
    return serve.start();
  }

  @Test
  void withoutRateLimitInTheConfigGlobalLimitsAreRefusedAsUpstreamRefusesThem(@TempDir Path dir) throws Exception {
    ServeCommand.Running running = serve(dir);
    try {
      // (the YAML of /statuses folds the message's line)
      assertThat(statuses(running)).contains("RateLimit: enable Ratelimit in the EnvoyGateway config to configure");
      assertThat(running.rateLimitXdsPort()).isEqualTo(-1);
    } finally {
      running.process().stop();
    }
  }

  @Test
  void rateLimitInTheConfigTurnsGlobalLimitsOnAndPointsTheClusterAtTheService(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("envoy-gateway.yaml"), CONFIG);
    ServeCommand.Running running = serve(dir, "--config", config.toString(),
        "--ratelimit-service-url", "grpc://127.0.0.1:18081");
    try {
      assertThat(statuses(running)).doesNotContain("enable Ratelimit");
      assertThat(running.rateLimitXdsPort()).isPositive();
      Cluster cluster = running.xds().snapshots().liveResources("default/eg").clusters().stream()
          .filter(c -> c.getName().equals("ratelimit_cluster")).findFirst().orElseThrow();
      var address = cluster.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
          .getSocketAddress();
      assertThat(address.getAddress() + ":" + address.getPortValue()).isEqualTo("127.0.0.1:18081");
    } finally {
      running.process().stop();
    }
  }

  @Test
  void aServiceUrlWithoutAPortIsRefusedNamingTheFlag(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("envoy-gateway.yaml"), CONFIG);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> serve(dir, "--config", config.toString(),
            "--ratelimit-service-url", "grpc://127.0.0.1"))
        .hasMessage("--ratelimit-service-url: 'grpc://127.0.0.1' (expected: grpc://host:port)");
  }
}

package dev.attache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.control.cli.ServeCommand;
import dev.attache.control.xds.server.RateLimitConfigServer;
import dev.attache.ratelimit.server.RatelimitRuntime;
import dev.attache.ratelimit.server.RatelimitSettings;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Global rate limiting end to end over real gRPC on 127.0.0.1: {@code serve --config} with
 * {@code rateLimit} translates a BackendTrafficPolicy's global limit and publishes the rate-limit
 * service's config on its companion xDS server; ratelimit-service, configured as Envoy Gateway
 * configures envoyproxy/ratelimit ({@code CONFIG_TYPE=GRPC_XDS_SOTW}, node id
 * {@code envoy-ratelimit}), receives it and answers {@code ShouldRateLimit} for the descriptors the
 * published route makes Envoy send; a changed limit reaches it without a restart.
 */
class ServeRateLimitXdsTest {
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
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: backend-local
        namespace: default
        labels: {kubernetes.io/service-name: backend}
      addressType: IPv4
      ports: [{name: http, port: 3000, protocol: TCP}]
      endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
      """;

  private static String policy(int requests) {
    return """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: BackendTrafficPolicy
        metadata: {name: limit, namespace: default}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}]
          rateLimit:
            type: Global
            global:
              rules: [{limit: {requests: %d, unit: Hour}}]
        """.formatted(requests);
  }

  private static final String CONFIG = """
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: EnvoyGateway
      rateLimit:
        backend:
          type: Redis
          redis: {url: redis.redis-system.svc.cluster.local:6379}
      """;

  @Test
  void ratelimitServiceGetsItsConfigOverXdsAndEnforcesTheChangedLimitWithoutRestart(@TempDir Path dir)
      throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), RESOURCES);
    Files.writeString(resources.resolve("policy.yaml"), policy(2));
    Path config = Files.writeString(dir.resolve("envoy-gateway.yaml"), CONFIG);
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--config", config.toString(), "--resources", resources.toString(),
        "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--wasm-port", "0", "--ratelimit-xds-port", "0",
        "--wasm-cache-dir", dir.resolve("wasm").toString());
    ServeCommand.Running running = serve.start();
    try (RatelimitRuntime ratelimit = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.ofEntries(
            Map.entry("CONFIG_TYPE", "GRPC_XDS_SOTW"),
            Map.entry("CONFIG_GRPC_XDS_SERVER_URL", "127.0.0.1:" + running.rateLimitXdsPort()),
            Map.entry("CONFIG_GRPC_XDS_NODE_ID", RateLimitConfigServer.NODE_ID),
            Map.entry("CONFIG_GRPC_XDS_SERVER_CONNECT_RETRY_INTERVAL", "200ms"),
            Map.entry("FORCE_START_WITHOUT_INITIAL_CONFIG", "true"),
            Map.entry("BACKEND_TYPE", "memory"),
            Map.entry("GRPC_HOST", "127.0.0.1"), Map.entry("GRPC_PORT", "0"),
            Map.entry("HOST", "127.0.0.1"), Map.entry("PORT", "0"),
            Map.entry("DEBUG_HOST", "127.0.0.1"), Map.entry("DEBUG_PORT", "0"))));
        Rls rls = new Rls(ratelimit.grpcPort())) {
      // The route Envoy gets carries the rate-limit actions (global rate limiting is on); its
      // descriptors are what Envoy sends for a request on it.
      RateLimitRequest request = requestEnvoySends(route(running));
      assertThat(request.getDomain()).isEqualTo("default/eg/http");

      await().atMost(Duration.ofSeconds(10)).until(() -> ratelimit.dump().contains("requests_per_unit=2"));
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OK);
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OK);
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OVER_LIMIT);

      // A higher limit in the policy file: the same counter (3 hits so far) is now under it.
      Files.writeString(resources.resolve("policy.yaml"), policy(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> ratelimit.dump().contains("requests_per_unit=5"));
      assertThat(requestEnvoySends(route(running))).isEqualTo(request);
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OK);
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OK);
      assertThat(rls.check(request)).isEqualTo(RateLimitResponse.Code.OVER_LIMIT);
    } finally {
      running.process().stop();
    }
  }

  private static Route route(ServeCommand.Running running) {
    return running.xds().snapshots().liveResources("default/eg").routes().getFirst().getVirtualHosts(0).getRoutes(0);
  }

  /** The request Envoy's rate-limit filter makes for a request on {@code route}: each action a generic key. */
  private static RateLimitRequest requestEnvoySends(Route route) throws Exception {
    RateLimitPerRoute perRoute = route.getTypedPerFilterConfigOrThrow("envoy.filters.http.ratelimit")
        .unpack(RateLimitPerRoute.class);
    RateLimitRequest.Builder out = RateLimitRequest.newBuilder().setDomain(perRoute.getDomain());
    for (RateLimit limit : perRoute.getRateLimitsList()) {
      RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder();
      for (RateLimit.Action action : limit.getActionsList()) {
        assertThat(action.hasGenericKey()).as("action %s", action).isTrue();
        descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder()
            .setKey(action.getGenericKey().getDescriptorKey()).setValue(action.getGenericKey().getDescriptorValue()));
      }
      out.addDescriptors(descriptor);
    }
    return out.build();
  }

  /** A client of the rate-limit service's gRPC API, as Envoy's filter calls it. */
  private static final class Rls implements AutoCloseable {
    private final ManagedChannel channel;
    private final RateLimitServiceGrpc.RateLimitServiceBlockingStub stub;

    Rls(int port) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      stub = RateLimitServiceGrpc.newBlockingStub(channel);
    }

    RateLimitResponse.Code check(RateLimitRequest request) {
      return stub.withDeadlineAfter(java.util.concurrent.TimeUnit.SECONDS.toMillis(5),
          java.util.concurrent.TimeUnit.MILLISECONDS).shouldRateLimit(request).getOverallCode();
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}

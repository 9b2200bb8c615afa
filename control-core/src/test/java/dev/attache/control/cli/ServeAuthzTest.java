package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.control.xds.server.AuthzPolicyServer;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve}'s authz-service side: where Envoy's ext_authz cluster points
 * ({@code --authz-service-url}, the in-cluster address by default) and the policy xDS server over
 * mutual TLS ({@code --authz-xds-tls-*}).
 */
class ServeAuthzTest {
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
        rules: [{backendRefs: [{name: backend, port: 3000}]}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: backend, namespace: default}
      spec: {ports: [{name: http, port: 3000, targetPort: 3000}]}
      """;

  private static final String POLICY = """
      apiVersion: v1
      kind: Secret
      metadata: {name: api-keys, namespace: default}
      data: {client1: a2V5LW9uZQ==}
      ---
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: SecurityPolicy
      metadata: {name: keys, namespace: default}
      spec:
        targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}]
        apiKeyAuth:
          credentialRefs: [{name: api-keys}]
          extractFrom: [{headers: [x-api-key]}]
      """;

  private static ServeCommand.Running serve(Path dir, String... extra) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("all.yaml"), RESOURCES);
    Files.writeString(resources.resolve("policy.yaml"), POLICY);
    return serveFiles(dir, extra);
  }

  /** serve on dir/resources as it is, with its companion servers on ephemeral ports. */
  private static ServeCommand.Running serveFiles(Path dir, String... extra) throws Exception {
    Path resources = dir.resolve("resources");
    ServeCommand serve = new ServeCommand();
    String[] base = {"--resources", resources.toString(), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
        "--wasm-port", "0", "--authz-xds-port", "0", "--wasm-cache-dir", dir.resolve("wasm").toString()};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    new CommandLine(serve).parseArgs(args);
    return serve.start();
  }

  /** host:port of the published ext_authz cluster's one endpoint. */
  private static String authzCluster(ServeCommand.Running running) {
    Cluster cluster = running.xds().snapshots().liveResources("default/eg").clusters().stream()
        .filter(c -> c.getName().equals("attache-authz")).findFirst().orElseThrow();
    var address = cluster.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
        .getSocketAddress();
    return address.getAddress() + ":" + address.getPortValue();
  }

  @Test
  void theExtAuthzClusterPointsAtTheInClusterServiceByDefault(@TempDir Path dir) throws Exception {
    ServeCommand.Running running = serve(dir);
    try {
      assertThat(authzCluster(running)).isEqualTo("attache-authz.envoy-gateway-system.svc.cluster.local:9191");
    } finally {
      running.process().stop();
    }
  }

  @Test
  void theExtAuthzClusterPointsAtTheAuthzServiceUrl(@TempDir Path dir) throws Exception {
    ServeCommand.Running running = serve(dir, "--authz-service-url", "grpc://127.0.0.1:19191");
    try {
      assertThat(authzCluster(running)).isEqualTo("127.0.0.1:19191");
    } finally {
      running.process().stop();
    }
  }

  @Test
  void badFlagsAreRefusedNamingThem(@TempDir Path dir) {
    assertThatThrownBy(() -> serve(dir, "--authz-service-url", "grpc://127.0.0.1"))
        .hasMessage("--authz-service-url: 'grpc://127.0.0.1' (expected: grpc://host:port)");
    assertThatThrownBy(() -> serve(dir, "--authz-service-url", "http://127.0.0.1:9191"))
        .hasMessage("--authz-service-url: 'http://127.0.0.1:9191' (expected: grpc://host:port)");
    assertThatThrownBy(() -> serve(dir, "--authz-xds-tls-ca", "ca.crt"))
        .hasMessage("--authz-xds-tls-cert, --authz-xds-tls-key and --authz-xds-tls-ca go together (expected: all"
            + " three, or none for plaintext)");
  }

  @Test
  void thePolicyServerServesMutualTlsOnly(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.shared();
    ServeCommand.Running running = serve(dir,
        "--authz-xds-tls-cert", certs.serverCert().toString(), "--authz-xds-tls-key", certs.serverKey().toString(),
        "--authz-xds-tls-ca", certs.caCert().toString());
    try {
      ChannelCredentials mutual = TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile())
          .keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()).build();
      DiscoveryResponse r = fetch(running.authzXdsPort(), mutual).get(10, TimeUnit.SECONDS);
      assertThat(r.getResources(0).unpack(AuthzPolicy.class).getName()).isEqualTo("keys");

      ChannelCredentials noClientCert = TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile())
          .build();
      assertThat(fetch(running.authzXdsPort(), noClientCert)).failsWithin(10, TimeUnit.SECONDS);
      assertThat(fetch(running.authzXdsPort(), InsecureChannelCredentials.create()))
          .failsWithin(10, TimeUnit.SECONDS);
    } finally {
      running.process().stop();
    }
  }

  @Test
  void thePolicyServerIsBoundWhenARouteFirstNeedsAuthzService(@TempDir Path dir) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("all.yaml"), RESOURCES);
    ServeCommand.Running running = serveFiles(dir);
    try {
      assertThat(running.authzXdsPort()).as("no SecurityPolicy: no port").isEqualTo(-1);
      assertThat(configDump(running).replaceAll("\\s", "")).contains("\"authzXds\":{\"port\":0,\"running\":false");
      Files.writeString(resources.resolve("policy.yaml"), POLICY);
      await().atMost(Duration.ofSeconds(10)).until(() -> running.authzXdsPort() > 0);
      DiscoveryResponse r = fetch(running.authzXdsPort(), InsecureChannelCredentials.create())
          .get(10, TimeUnit.SECONDS);
      assertThat(r.getResources(0).unpack(AuthzPolicy.class).getName()).isEqualTo("keys");
      assertThat(configDump(running).replaceAll("\\s", "")).contains("\"policies\":[\"default/keys\"]");
    } finally {
      running.process().stop();
    }
  }

  private static String configDump(ServeCommand.Running running) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + running.adminPort() + "/config_dump")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The first response to authz-service's request, or the stream's failure. */
  private static CompletableFuture<DiscoveryResponse> fetch(int port, ChannelCredentials credentials) {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials)
        .overrideAuthority("localhost").build();
    CompletableFuture<DiscoveryResponse> out = new CompletableFuture<>();
    out.whenComplete((r, t) -> channel.shutdownNow());
    StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .streamAggregatedResources(new StreamObserver<>() {
          @Override
          public void onNext(DiscoveryResponse r) {
            out.complete(r);
          }

          @Override
          public void onError(Throwable t) {
            out.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            out.completeExceptionally(new IllegalStateException("closed without a response"));
          }
        });
    requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId(AuthzPolicyServer.NODE_ID))
        .setTypeUrl(AuthzPolicyServer.TYPE_URL).build());
    return out;
  }
}

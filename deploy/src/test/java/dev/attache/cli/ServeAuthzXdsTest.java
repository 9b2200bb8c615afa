package dev.attache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.service.AuthzServer;
import dev.attache.authz.service.AuthzSettings;
import dev.attache.authz.xds.XdsTls;
import dev.attache.control.cli.ServeCommand;
import dev.attache.control.xds.server.AuthzPolicyServer;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SecurityPolicy over xDS end to end on 127.0.0.1: {@code serve --authz-xds-port} publishes the
 * policy a guarded route names (API key from its Secret, hashed; a JWT provider with a local JWKS);
 * an in-process authz-service subscribed with {@code --xds-server} answers Check for the route's
 * {@code attache.io/policy} context; a changed key in the Secret's file reaches decisions without a
 * restart, and the published resource never holds the plaintext key. Over mutual TLS
 * ({@code serve --authz-xds-tls-*}), an authz-service with its client certificate gets the
 * policies and a plaintext one does not.
 */
class ServeAuthzXdsTest {
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

  private static String policy(String jwks) {
    return """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: keys, namespace: default}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}]
          apiKeyAuth:
            credentialRefs: [{name: api-keys}]
            extractFrom: [{headers: [x-api-key]}]
          jwt:
            optional: true
            providers:
            - name: local
              localJWKS: {type: Inline, inline: '%s'}
        """.formatted(jwks);
  }

  private static String secret(String key) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: api-keys, namespace: default}
        data: {client1: %s}
        """.formatted(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void authzServiceEnforcesThePublishedPolicyAndAChangedKeyWithoutRestart(@TempDir Path dir) throws Exception {
    String jwks = "{\"keys\":[" + new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK().toJSONString() + "]}";
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), RESOURCES);
    Files.writeString(resources.resolve("policy.yaml"), policy(jwks));
    Files.writeString(resources.resolve("secret.yaml"), secret("first-key-123"));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--resources", resources.toString(), "--host", "127.0.0.1", "--port", "0",
        "--admin-port", "0", "--wasm-port", "0", "--authz-xds-port", "0",
        "--wasm-cache-dir", dir.resolve("wasm").toString());
    ServeCommand.Running running = serve.start();
    AuthzSettings settings = new AuthzSettings(AuthzSettings.DEFAULT_REASON_HEADER, Duration.ofMillis(500), 1000,
        Duration.ofSeconds(2), Duration.ofSeconds(5), false);
    try (AuthzServer authz = AuthzServer.startXds("127.0.0.1:" + running.authzXdsPort(),
            AuthzPolicyServer.NODE_ID, "127.0.0.1", 0, 0, settings)) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", authz.port()).usePlaintext().build();
      try {
        var check = AuthorizationGrpc.newBlockingStub(channel);
        await().atMost(Duration.ofSeconds(10)).until(() -> allowed(check, "first-key-123"));
        assertThat(allowed(check, "wrong-key")).isFalse();
        assertThat(allowed(check, null)).isFalse();

        // The published resource: the key's digest and the public JWKS, never the key.
        DiscoveryResponse published = fetch(running.authzXdsPort());
        assertThat(published.getResourcesCount()).isEqualTo(1);
        AuthzPolicy p = published.getResources(0).unpack(AuthzPolicy.class);
        assertThat(p.getNamespace() + "/" + p.getName()).isEqualTo("default/keys");
        assertThat(p.getJwt().getProviders(0).getLocalJwks()).contains("\"kid\":\"k1\"");
        assertThat(p.getApiKeyAuth().getCredentials(0).getKeySha256().size()).isEqualTo(32);
        assertThat(published.toByteString().toString(StandardCharsets.ISO_8859_1)).doesNotContain("first-key-123");

        Files.writeString(resources.resolve("secret.yaml"), secret("second-key-456"));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
            .until(() -> allowed(check, "second-key-456"));
        assertThat(allowed(check, "first-key-123")).isFalse();
      } finally {
        channel.shutdownNow();
      }
    } finally {
      running.process().stop();
    }
  }

  @Test
  void overMutualTlsOnlyAnAuthzServiceWithItsClientCertificateGetsThePolicies(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.shared();
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), RESOURCES);
    String jwks = "{\"keys\":[" + new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK().toJSONString() + "]}";
    Files.writeString(resources.resolve("policy.yaml"), policy(jwks));
    Files.writeString(resources.resolve("secret.yaml"), secret("first-key-123"));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--resources", resources.toString(), "--host", "127.0.0.1", "--port", "0",
        "--admin-port", "0", "--wasm-port", "0", "--authz-xds-port", "0",
        "--authz-xds-tls-cert", certs.serverCert().toString(), "--authz-xds-tls-key", certs.serverKey().toString(),
        "--authz-xds-tls-ca", certs.caCert().toString(), "--wasm-cache-dir", dir.resolve("wasm").toString());
    ServeCommand.Running running = serve.start();
    AuthzSettings settings = new AuthzSettings(AuthzSettings.DEFAULT_REASON_HEADER, Duration.ofMillis(500), 1000,
        Duration.ofSeconds(2), Duration.ofSeconds(5), false);
    String target = "127.0.0.1:" + running.authzXdsPort();
    try (AuthzServer mutual = AuthzServer.startXds(target, AuthzPolicyServer.NODE_ID,
            new XdsTls(true, certs.caCert(), certs.clientCert(), certs.clientKey(), ""), "127.0.0.1", 0, 0, settings);
         AuthzServer plaintext = AuthzServer.startXds(target, AuthzPolicyServer.NODE_ID, "127.0.0.1", 0, 0,
            settings)) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", mutual.port()).usePlaintext().build();
      try {
        var check = AuthorizationGrpc.newBlockingStub(channel);
        await().atMost(Duration.ofSeconds(10)).until(() -> allowed(check, "first-key-123"));
        assertThat(allowed(check, "wrong-key")).isFalse();
      } finally {
        channel.shutdownNow();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> plaintext.xds().lastError().startsWith("stream:"));
      assertThat(plaintext.xds().acceptedVersion()).isEmpty();
    } finally {
      running.process().stop();
    }
  }

  /** Whether authz-service allows a request on the guarded route carrying {@code key}. */
  private static boolean allowed(AuthorizationGrpc.AuthorizationBlockingStub check, String key) {
    var http = AttributeContext.HttpRequest.newBuilder().setMethod("GET").setPath("/").setHost("www.example.com")
        .setScheme("http").setProtocol("HTTP/1.1");
    if (key != null) {
      http.putHeaders("x-api-key", key);
    }
    CheckRequest request = CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
        .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
        .putContextExtensions("attache.io/policy", "default/keys")).build();
    return check.check(request).getStatus().getCode() == 0;
  }

  /** One state-of-the-world response from the authz policy xDS server, as authz-service gets it. */
  private static DiscoveryResponse fetch(int port) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      LinkedBlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
      StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
          .streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse r) {
              responses.add(r);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId(AuthzPolicyServer.NODE_ID))
          .setTypeUrl(AuthzPolicyServer.TYPE_URL).build());
      DiscoveryResponse r = responses.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a response from the authz policy xDS server").isNotNull();
      requests.onCompleted();
      return r;
    } finally {
      channel.shutdownNow();
    }
  }
}

package dev.attache.authz.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.attache.authz.api.v1.ApiKeyAuth;
import dev.attache.authz.api.v1.ApiKeyCredential;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.api.v1.KeySource;
import dev.attache.authz.service.AuthzServer;
import dev.attache.authz.service.AuthzSettings;
import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.Envoy;
import dev.attache.server.grpc.GrpcServer;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * authz-service subscribed over xDS to an ADS server on 127.0.0.1 that the test drives by hand:
 * what loads is ACKed and enforced, what does not is NACKed while the last good policies keep
 * answering Checks; and the stream over mutual TLS.
 */
class PolicyXdsClientTest {
  /** An ADS server that hands every request to the test and sends what the test asks it to. */
  static final class ScriptedAds extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
    final BlockingQueue<DiscoveryRequest> requests = new LinkedBlockingQueue<>();
    final AtomicReference<StreamObserver<DiscoveryResponse>> stream = new AtomicReference<>();

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> responses) {
      stream.set(responses);
      return new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryRequest r) {
          requests.add(r);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }

    void send(String version, String nonce, AuthzPolicy... policies) {
      DiscoveryResponse.Builder b = DiscoveryResponse.newBuilder().setVersionInfo(version).setNonce(nonce)
          .setTypeUrl(PolicyXdsClient.TYPE_URL);
      for (AuthzPolicy p : policies) {
        b.addResources(Any.pack(p));
      }
      stream.get().onNext(b.build());
    }

    DiscoveryRequest next() throws InterruptedException {
      DiscoveryRequest r = requests.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a request from authz-service").isNotNull();
      return r;
    }
  }

  private static final AuthzSettings SETTINGS = new AuthzSettings(AuthzSettings.DEFAULT_REASON_HEADER,
      Duration.ofMillis(500), 1000, Duration.ofSeconds(2), Duration.ofSeconds(5), false);

  /** default/guard: one client whose API key is {@code key}, in x-api-key. */
  private static AuthzPolicy guard(String key) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    return AuthzPolicy.newBuilder().setNamespace("default").setName("guard").setApiKeyAuth(ApiKeyAuth.newBuilder()
        .addExtractFrom(KeySource.newBuilder().setHeader("x-api-key"))
        .addCredentials(ApiKeyCredential.newBuilder().setClientId("client1").setKeySha256(ByteString.copyFrom(digest))))
        .build();
  }

  private static Answer check(AuthorizationGrpc.AuthorizationBlockingStub stub, String key) {
    return new Answer(stub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(Envoy.request("default/guard").header("x-api-key", key).build()));
  }

  private static int ready(AuthzServer authz) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + authz.adminPort() + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  @Test
  void aBadVersionIsNackedAndTheLastGoodPoliciesKeepAnsweringChecks() throws Exception {
    ScriptedAds ads = new ScriptedAds();
    GrpcServer server = GrpcServer.builder("ads-test").host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)
        .addService(ads).build().start();
    try (AuthzServer authz = AuthzServer.startXds("127.0.0.1:" + server.port(), "attache-authz", "127.0.0.1", 0, 0,
        SETTINGS)) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", authz.port()).usePlaintext().build();
      try {
        var stub = AuthorizationGrpc.newBlockingStub(channel);
        DiscoveryRequest first = ads.next();
        assertThat(first.getNode().getId()).isEqualTo("attache-authz");
        assertThat(first.getTypeUrl()).isEqualTo("type.googleapis.com/attache.authz.v1.AuthzPolicy");
        assertThat(first.getVersionInfo()).isEmpty();
        assertThat(ready(authz)).as("not ready before the first policies").isEqualTo(503);

        ads.send("v1", "n1", guard("key-one"));
        DiscoveryRequest ack = ads.next();
        assertThat(ack.getVersionInfo()).isEqualTo("v1");
        assertThat(ack.getResponseNonce()).isEqualTo("n1");
        assertThat(ack.hasErrorDetail()).isFalse();
        assertThat(check(stub, "key-one").allowed()).isTrue();
        assertThat(check(stub, "key-two").status()).isEqualTo(401);
        assertThat(ready(authz)).isEqualTo(200);

        // v2 holds a digest that is no SHA-256 (here: the plaintext key) and a policy without keys.
        AuthzPolicy plaintext = guard("key-two").toBuilder().setApiKeyAuth(guard("key-two").getApiKeyAuth()
            .toBuilder().setCredentials(0, ApiKeyCredential.newBuilder().setClientId("client1")
                .setKeySha256(ByteString.copyFromUtf8("key-two")))).build();
        ads.send("v2", "n2", plaintext);
        DiscoveryRequest nack = ads.next();
        assertThat(nack.getVersionInfo()).isEqualTo("v1");
        assertThat(nack.getResponseNonce()).isEqualTo("n2");
        assertThat(nack.getErrorDetail().getMessage()).isEqualTo("AuthzPolicy default/guard: apiKeyAuth.credentials"
            + " (client client1): key_sha256 must be a SHA-256 digest (32 bytes)");
        assertThat(authz.xds().acceptedVersion()).isEqualTo("v1");
        assertThat(authz.xds().lastError()).contains("key_sha256");
        assertThat(check(stub, "key-one").allowed()).as("v1 still answers").isTrue();
        assertThat(check(stub, "key-two").allowed()).isFalse();
        assertThat(ready(authz)).isEqualTo(200);

        ads.send("v3", "n3", guard("key-two"));
        DiscoveryRequest ack3 = ads.next();
        assertThat(ack3.getVersionInfo()).isEqualTo("v3");
        assertThat(ack3.hasErrorDetail()).isFalse();
        assertThat(check(stub, "key-two").allowed()).isTrue();
        assertThat(check(stub, "key-one").allowed()).isFalse();
        assertThat(authz.xds().lastError()).isEmpty();

        // The stream breaks: authz-service comes back asking with the version it holds.
        ads.stream.get().onError(io.grpc.Status.UNAVAILABLE.withDescription("restarting").asRuntimeException());
        DiscoveryRequest again = ads.next();
        assertThat(again.getVersionInfo()).isEqualTo("v3");
        assertThat(again.getResponseNonce()).isEmpty();
        assertThat(check(stub, "key-two").allowed()).isTrue();
      } finally {
        channel.shutdownNow();
      }
    } finally {
      server.shutdown();
    }
  }

  @Test
  void mutualTlsStreamAndNoStreamWithoutAClientCertificate() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    ScriptedAds ads = new ScriptedAds();
    GrpcServer server = GrpcServer.builder("ads-tls-test").host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)
        .credentials(TlsServerCredentials.newBuilder()
            .keyManager(certs.serverCert().toFile(), certs.serverKey().toFile())
            .trustManager(certs.caCert().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())
        .addService(ads).build().start();
    try {
      String target = "127.0.0.1:" + server.port();
      XdsTls mutual = new XdsTls(true, certs.caCert(), certs.clientCert(), certs.clientKey(), "");
      AtomicReference<dev.attache.authz.policy.PolicySet> live = new AtomicReference<>();
      try (PolicyXdsClient client = new PolicyXdsClient(target, "tls-node", Duration.ofMillis(200), mutual, live::set)
          .start()) {
        assertThat(ads.next().getNode().getId()).isEqualTo("tls-node");
        ads.send("v1", "n1", guard("key-one"));
        assertThat(ads.next().getVersionInfo()).isEqualTo("v1");
        assertThat(live.get().policies()).hasSize(1);
      }
      // Trusting the server but presenting no certificate: the server refuses the stream.
      XdsTls serverOnly = new XdsTls(true, certs.caCert(), null, null, "");
      AtomicReference<dev.attache.authz.policy.PolicySet> none = new AtomicReference<>();
      try (PolicyXdsClient client = new PolicyXdsClient(target, "anonymous", Duration.ofMillis(200), serverOnly,
          none::set).start()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.lastError().startsWith("stream:"));
        assertThat(ads.requests.stream().map(r -> r.getNode().getId())).doesNotContain("anonymous");
        assertThat(none.get()).isNull();
      }
      // Plaintext to a TLS server gets nowhere either.
      try (PolicyXdsClient client = new PolicyXdsClient(target, "plain", Duration.ofMillis(200), none::set).start()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.lastError().startsWith("stream:"));
        assertThat(none.get()).isNull();
      }
    } finally {
      server.shutdown();
    }
  }
}

package dev.attache.ratelimit.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.ratelimit.api.v3.RateLimitDescriptor;
import dev.attache.ratelimit.api.v3.RateLimitPolicy;
import dev.attache.ratelimit.api.v3.RateLimitUnit;
import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.ratelimit.server.RatelimitRuntime;
import dev.attache.ratelimit.server.RatelimitSettings;
import dev.attache.server.grpc.GrpcServer;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SotW client against a real ADS server on loopback that the test drives by hand. */
class XdsConfigClientTest {
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
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
      };
    }

    void send(String version, String nonce, RateLimitConfig... configs) {
      DiscoveryResponse.Builder b = DiscoveryResponse.newBuilder().setVersionInfo(version).setNonce(nonce)
          .setTypeUrl(XdsConfigClient.TYPE_URL);
      for (RateLimitConfig c : configs) {
        b.addResources(Any.pack(c, "type.googleapis.com"));
      }
      stream.get().onNext(b.build());
    }

    DiscoveryRequest next() throws InterruptedException {
      DiscoveryRequest r = requests.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a request from the client").isNotNull();
      return r;
    }
  }

  ScriptedAds ads;
  GrpcServer server;

  @BeforeEach
  void start() {
    ads = new ScriptedAds();
    server = GrpcServer.builder("ads-test").host("127.0.0.1").port(0).addService(ads).build().start();
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  static RateLimitConfig config(String domain, RateLimitUnit unit, int perUnit) {
    return RateLimitConfig.newBuilder().setName(domain + "-config").setDomain(domain)
        .addDescriptors(RateLimitDescriptor.newBuilder().setKey("k")
            .setRateLimit(RateLimitPolicy.newBuilder().setUnit(unit).setRequestsPerUnit(perUnit)))
        .build();
  }

  @Test
  void acksWhatLoadsAndNacksWhatDoesNotKeepingTheLastGood() throws Exception {
    AtomicReference<dev.attache.ratelimit.match.RateLimitConfig> live = new AtomicReference<>();
    try (XdsConfigClient client = new XdsConfigClient("127.0.0.1:" + server.port(), "test-node", Map.of("zone", "a"),
        Duration.ofMillis(200), new RateLimitConfigLoader(TestConfigs.metrics(), false), live::set).start()) {
      DiscoveryRequest first = ads.next();
      assertThat(first.getNode().getId()).isEqualTo("test-node");
      assertThat(first.getNode().getMetadata().getFieldsOrThrow("zone").getStringValue()).isEqualTo("a");
      assertThat(first.getTypeUrl()).isEqualTo("type.googleapis.com/ratelimit.config.ratelimit.v3.RateLimitConfig");
      assertThat(first.getVersionInfo()).isEmpty();

      ads.send("v1", "n1", config("xds", RateLimitUnit.MINUTE, 5));
      DiscoveryRequest ack = ads.next();
      assertThat(ack.getVersionInfo()).isEqualTo("v1");
      assertThat(ack.getResponseNonce()).isEqualTo("n1");
      assertThat(ack.hasErrorDetail()).isFalse();
      assertThat(live.get().getLimit("xds", TestConfigs.descriptor("k", "x")).primary().requestsPerUnit()).isEqualTo(5);

      ads.send("v2", "n2", config("xds", RateLimitUnit.UNKNOWN, 5));
      DiscoveryRequest nack = ads.next();
      assertThat(nack.getVersionInfo()).isEqualTo("v1");
      assertThat(nack.getResponseNonce()).isEqualTo("n2");
      assertThat(nack.getErrorDetail().getMessage()).isEqualTo(
          "xds-config: domain 'xds': descriptor 'xds.k': rate_limit: invalid rate limit unit 'UNKNOWN' "
              + "(expected: second, minute, hour, day, week, month or year)");
      assertThat(live.get().getLimit("xds", TestConfigs.descriptor("k", "x")).primary().requestsPerUnit()).isEqualTo(5);
      assertThat(client.lastError()).contains("invalid rate limit unit");

      ads.send("v3", "n3", config("xds", RateLimitUnit.SECOND, 7), config("other", RateLimitUnit.HOUR, 1));
      DiscoveryRequest ack3 = ads.next();
      assertThat(ack3.getVersionInfo()).isEqualTo("v3");
      assertThat(ack3.hasErrorDetail()).isFalse();
      assertThat(live.get().domains()).containsExactly("xds", "other");
      assertThat(client.acceptedVersion()).isEqualTo("v3");

      // the stream breaks: the client comes back asking with the version it holds
      ads.stream.get().onError(Status.UNAVAILABLE.withDescription("restarting").asRuntimeException());
      DiscoveryRequest again = ads.next();
      assertThat(again.getVersionInfo()).isEqualTo("v3");
      assertThat(again.getResponseNonce()).isEmpty();
    }
  }

  @Test
  void mutualTlsAndAdditionalHeaders() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    ScriptedAds tlsAds = new ScriptedAds();
    AtomicReference<Metadata> seen = new AtomicReference<>();
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        seen.set(headers);
        return next.startCall(call, headers);
      }
    };
    Server tlsServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
            TlsServerCredentials.newBuilder()
                .keyManager(certs.serverCert().toFile(), certs.serverKey().toFile())
                .trustManager(certs.caCert().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())
        .addService(ServerInterceptors.intercept(tlsAds, capture)).build().start();
    try {
      int port = ((InetSocketAddress) tlsServer.getListenSockets().getFirst()).getPort();
      XdsTls tls = new XdsTls(true, certs.clientCert().toString(), certs.clientKey().toString(),
          certs.caCert().toString(), "");
      AtomicReference<dev.attache.ratelimit.match.RateLimitConfig> live = new AtomicReference<>();
      try (XdsConfigClient client = new XdsConfigClient("127.0.0.1:" + port, "tls-node", Map.of(), Duration.ofMillis(200),
          tls, Map.of("x-tenant", "blue"), new RateLimitConfigLoader(TestConfigs.metrics(), false), live::set).start()) {
        assertThat(tlsAds.next().getNode().getId()).isEqualTo("tls-node");
        assertThat(seen.get().get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("blue");
        tlsAds.send("v1", "n1", config("tls", RateLimitUnit.MINUTE, 3));
        assertThat(tlsAds.next().getVersionInfo()).isEqualTo("v1");
        assertThat(live.get().domains()).containsExactly("tls");
      }
      // without a client certificate the server refuses the stream and nothing is loaded
      XdsTls noClientCert = new XdsTls(true, "", "", certs.caCert().toString(), "");
      AtomicReference<dev.attache.ratelimit.match.RateLimitConfig> none = new AtomicReference<>();
      try (XdsConfigClient client = new XdsConfigClient("127.0.0.1:" + port, "anonymous", Map.of(), Duration.ofMillis(200),
          noClientCert, Map.of(), new RateLimitConfigLoader(TestConfigs.metrics(), false), none::set).start()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.lastError().isEmpty());
        assertThat(tlsAds.requests.stream().map(r -> r.getNode().getId())).doesNotContain("anonymous");
        assertThat(none.get()).isNull();
      }
    } finally {
      tlsServer.shutdownNow();
    }
  }

  @Test
  void duplicateDomainsAcrossResourcesAreNacked() throws Exception {
    AtomicReference<dev.attache.ratelimit.match.RateLimitConfig> live = new AtomicReference<>();
    try (XdsConfigClient client = new XdsConfigClient("127.0.0.1:" + server.port(), "n", Map.of(),
        Duration.ofMillis(200), new RateLimitConfigLoader(TestConfigs.metrics(), false), live::set).start()) {
      ads.next();
      ads.send("v1", "n1", config("d", RateLimitUnit.MINUTE, 1), config("d", RateLimitUnit.MINUTE, 2));
      assertThat(ads.next().getErrorDetail().getMessage()).isEqualTo("d-config: duplicate domain 'd' in config file");
      assertThat(live.get()).isNull();
    }
  }

  @Test
  void theServiceTakesItsConfigurationFromXds() throws Exception {
    try (RatelimitRuntime runtime = RatelimitRuntime.start(RatelimitSettings.fromEnv(Map.of(
        "CONFIG_TYPE", "GRPC_XDS_SOTW", "CONFIG_GRPC_XDS_SERVER_URL", "127.0.0.1:" + server.port(),
        "CONFIG_GRPC_XDS_NODE_ID", "ratelimit-node",
        "GRPC_HOST", "127.0.0.1", "GRPC_PORT", "0", "HOST", "127.0.0.1", "PORT", "0",
        "DEBUG_HOST", "127.0.0.1", "DEBUG_PORT", "0")))) {
      assertThat(ads.next().getNode().getId()).isEqualTo("ratelimit-node");
      // without FORCE_START_WITHOUT_INITIAL_CONFIG it is not healthy before the first configuration
      assertThat(runtime.healthy()).isFalse();
      ads.send("v1", "n1", config("xds", RateLimitUnit.HOUR, 1));
      assertThat(ads.next().getVersionInfo()).isEqualTo("v1");
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.grpcPort()).usePlaintext().build();
      try {
        var stub = RateLimitServiceGrpc.newBlockingStub(channel);
        RateLimitRequest r = RateLimitRequest.newBuilder().setDomain("xds").addDescriptors(TestConfigs.descriptor("k", "v")).build();
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.config() != null);
        assertThat(runtime.healthy()).isTrue();
        assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS).shouldRateLimit(r).getOverallCode()).isEqualTo(Code.OK);
        assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS).shouldRateLimit(r).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}

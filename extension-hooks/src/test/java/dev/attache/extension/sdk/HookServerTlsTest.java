package dev.attache.extension.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.client.HookCallException;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.testkit.HookTestKit;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extension service over TLS and mutual TLS, as Envoy Gateway's {@code service.tls} configures it. */
class HookServerTlsTest {
  static TestCertificates certs;
  static HookServer server;

  private static final HookContext.Route STAMPED = new HookContext.Route(List.of(HookTestKit.resource("""
      apiVersion: example.attache.dev/v1alpha1
      kind: HeaderStamp
      metadata: {name: s, namespace: default}
      spec: {headers: [{name: x-tls, value: "yes"}]}
      """)), List.of(), List.of());

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.shared();
    server = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .tls(certs.serverCert(), certs.serverKey())
        .requireClientCertificate(certs.caCert())
        .build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Refused clients wait for readiness until the deadline, so theirs is short; the served one's is not. */
  private static ExtensionClient.Builder client(Duration deadline) {
    return ExtensionClient.builder("tls").address("localhost", server.port()).deadline(deadline)
        .retry(new ExtensionClient.RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), 2, List.of()));
  }

  @Test
  void mutualTlsClientIsServed() throws Exception {
    try (ExtensionClient c = client(Duration.ofSeconds(20)).tls(certs.caCert())
        .clientCertificate(certs.clientCert(), certs.clientKey()).build()) {
      Route out = c.postRouteModify(Route.getDefaultInstance(), STAMPED);
      assertThat(out.getRequestHeadersToAdd(0).getHeader().getKey()).isEqualTo("x-tls");
    }
  }

  @Test
  void clientWithoutCertificateIsRefused() {
    try (ExtensionClient c = client(Duration.ofSeconds(1)).tls(certs.caCert()).build()) {
      assertThatThrownBy(() -> c.postRouteModify(Route.getDefaultInstance(), STAMPED))
          .isInstanceOfSatisfying(HookCallException.class, e -> assertThat(e.status().getCode())
              .isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void plaintextClientIsRefused() {
    try (ExtensionClient c = client(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> c.postRouteModify(Route.getDefaultInstance(), STAMPED))
          .isInstanceOfSatisfying(HookCallException.class, e -> assertThat(e.status().getCode())
              .isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
    }
  }
}

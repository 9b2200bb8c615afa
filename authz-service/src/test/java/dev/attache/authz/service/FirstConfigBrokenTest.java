package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server whose first configuration is broken is up, not ready, fails closed, and recovers when the file is fixed. */
class FirstConfigBrokenTest {
  static final String GOOD = """
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: SecurityPolicy
      metadata: {name: open, namespace: default}
      spec:
        authorization: {defaultAction: Allow}
      """;

  static ServingStatus health(AuthzHarness authz) {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", authz.server().port()).usePlaintext().build();
    try {
      return HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.newBuilder()
          .setService("envoy.service.auth.v3.Authorization").build()).getStatus();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void notReadyUntilAGoodConfigurationLoads() {
    try (AuthzHarness authz = AuthzHarness.start(GOOD.replace("defaultAction", "defaultActoin"))) {
      assertThat(authz.server().watcher().status().lastError())
          .contains("field spec.authorization.defaultActoin: unknown field");
      assertThat(authz.adminStatus("/ready")).isEqualTo(503);
      assertThat(health(authz)).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(authz.check(Envoy.request("default/open")).status()).isEqualTo(403);
      assertThat(authz.admin("/config_dump")).contains("lastError");

      authz.rewrite(GOOD);
      await().atMost(Duration.ofSeconds(5)).until(() -> authz.adminStatus("/ready") == 200);
      assertThat(health(authz)).isEqualTo(ServingStatus.SERVING);
      assertThat(authz.check(Envoy.request("default/open")).allowed()).isTrue();
    }
  }
}

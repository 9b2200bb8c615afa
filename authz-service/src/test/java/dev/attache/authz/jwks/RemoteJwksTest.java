package dev.attache.authz.jwks;

import static dev.attache.authz.testing.Keys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import dev.attache.authz.testing.JwksServer;
import dev.attache.authz.testing.Keys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remote JWKS through a real server: background refresh, the endpoint going down mid-run, recovery. */
class RemoteJwksTest {

  static String policy(String uri, String cache, String failed) {
    return """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: api, namespace: default}
        spec:
          jwt:
            providers:
            - name: example
              issuer: %s
              remoteJWKS: {uri: "%s", cacheDuration: %s, failedRefetchDuration: %s}
        """.formatted(Keys.ISSUER, uri, cache, failed);
  }

  static Answer check(AuthzHarness authz, String token) {
    return authz.check(Envoy.request("default/api").bearer(token));
  }

  static String fresh(com.nimbusds.jose.jwk.RSAKey key) {
    // A new jti each time so the verified-token cache cannot answer.
    return Keys.sign(key, JWSAlgorithm.RS256, claims("alice", "x").jwtID(java.util.UUID.randomUUID().toString()).build());
  }

  @Test
  void keysAreRefreshedInTheBackgroundBeforeTheyExpire() {
    try (JwksServer jwks = new JwksServer(Keys.jwks(Keys.RSA));
        AuthzHarness authz = AuthzHarness.start(policy(jwks.uri(), "1s", "200ms"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> authz.server().service().jwks().sources().values()
          .iterator().next().current() != null);
      KeySet first = authz.server().service().jwks().sources().values().iterator().next().current();
      await().atMost(Duration.ofSeconds(5)).until(() -> jwks.requests() >= 3);
      assertThat(authz.server().service().jwks().sources().values().iterator().next().current())
          .as("an unchanged JWKS keeps its key generation (and the tokens verified with it)").isSameAs(first);
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).isTrue();
      jwks.setBody(Keys.jwks(Keys.RSA, Keys.RSA_2));
      // No request is needed for the new key to arrive: the next background refresh brings it.
      await().atMost(Duration.ofSeconds(5)).until(() -> authz.server().service().jwks().sources().values()
          .iterator().next().current().size() == 2);
      assertThat(check(authz, fresh(Keys.RSA_2)).allowed()).isTrue();
    }
  }

  @Test
  void endpointDownMidRunKeepsKnownKeysServingAndRecovers() {
    try (JwksServer jwks = new JwksServer(Keys.jwks(Keys.RSA));
        AuthzHarness authz = AuthzHarness.start(policy(jwks.uri(), "1s", "200ms"))) {
      String cached = fresh(Keys.RSA);
      assertThat(check(authz, cached).allowed()).isTrue();
      int before = jwks.requests();
      jwks.stop();
      // Well past the cache duration, with several failed refreshes in between.
      await().atMost(Duration.ofSeconds(10)).until(() -> authz.admin("/metrics").lines()
          .anyMatch(l -> l.startsWith("attache_authz_jwks_fetches_total{jwks=\"" + jwks.uri() + "\",result=\"error\"}")
              && !l.endsWith(" 0.0") && !l.endsWith(" 1.0")));
      for (int i = 0; i < 20; i++) {
        assertThat(check(authz, fresh(Keys.RSA)).allowed()).as("known key while the JWKS is down").isTrue();
      }
      assertThat(check(authz, cached).allowed()).isTrue();
      Answer newKey = check(authz, fresh(Keys.RSA_2));
      assertThat(newKey.status()).isEqualTo(401);

      jwks.setBody(Keys.jwks(Keys.RSA, Keys.RSA_2));
      jwks.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> check(authz, fresh(Keys.RSA_2)).allowed());
      assertThat(jwks.requests()).isGreaterThan(before);
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).isTrue();
    }
  }

  @Test
  void endpointErrorsKeepLastGoodKeys() {
    try (JwksServer jwks = new JwksServer(Keys.jwks(Keys.RSA));
        AuthzHarness authz = AuthzHarness.start(policy(jwks.uri(), "1s", "200ms"))) {
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).isTrue();
      jwks.setStatus(503);
      int before = jwks.requests();
      await().atMost(Duration.ofSeconds(5)).until(() -> jwks.requests() >= before + 3);
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).isTrue();
      jwks.setStatus(200);
      jwks.setBody("{\"keys\": \"not a list\"}");
      int again = jwks.requests();
      await().atMost(Duration.ofSeconds(5)).until(() -> jwks.requests() >= again + 2);
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).as("a bad JWKS body does not replace good keys").isTrue();
      jwks.setBody("{\"keys\": [], \"pad\": \"" + "x".repeat(2 << 20) + "\"}");
      int big = jwks.requests();
      await().atMost(Duration.ofSeconds(5)).until(() -> jwks.requests() >= big + 2);
      assertThat(check(authz, fresh(Keys.RSA)).allowed()).as("an oversized JWKS is cut off, good keys stay").isTrue();
    }
  }

  @Test
  void unreachableFromTheStartDeniesWithJwksUnavailableWithinTheWait() {
    JwksServer gone = new JwksServer(Keys.jwks(Keys.RSA));
    String uri = gone.uri();
    gone.close();
    try (AuthzHarness authz = AuthzHarness.start(policy(uri, "300s", "1s"))) {
      long start = System.nanoTime();
      Answer a = check(authz, fresh(Keys.RSA));
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.reason()).isEqualTo("jwks_unavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void concurrentRequestsCauseNoExtraFetches() throws Exception {
    try (JwksServer jwks = new JwksServer(Keys.jwks(Keys.RSA));
        AuthzHarness authz = AuthzHarness.start(policy(jwks.uri(), "300s", "30s"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> jwks.requests() == 1);
      var futures = new java.util.ArrayList<com.google.common.util.concurrent.ListenableFuture<
          io.envoyproxy.envoy.service.auth.v3.CheckResponse>>();
      for (int i = 0; i < 50; i++) {
        futures.add(authz.futureStub().check(Envoy.request("default/api").bearer(fresh(Keys.RSA)).build()));
      }
      for (var f : futures) {
        assertThat(f.get().getStatus().getCode()).isZero();
      }
      assertThat(jwks.requests()).isEqualTo(1);
      List<String> unknown = List.of(fresh(Keys.RSA_2), fresh(Keys.RSA_2), fresh(Keys.RSA_2));
      for (String t : unknown) {
        assertThat(check(authz, t).reason()).isEqualTo("jwt_unknown_kid");
      }
      assertThat(jwks.requests()).as("one refetch for three unknown-kid tokens").isEqualTo(2);
    }
  }
}

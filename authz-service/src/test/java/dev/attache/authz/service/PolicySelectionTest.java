package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Policy selection through {@code attache.io/policy}, fail-closed answers, metrics and the admin endpoints. */
class PolicySelectionTest {
  private static final String CONFIG = """
      apiVersion: v1
      kind: Secret
      metadata: {name: keys, namespace: shop}
      stringData: {frontend: "k-123456"}
      ---
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: SecurityPolicy
      metadata: {name: open, namespace: shop}
      spec:
        authorization: {defaultAction: Allow}
      ---
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: SecurityPolicy
      metadata: {name: keyed, namespace: shop}
      spec:
        apiKeyAuth:
          credentialRefs: [{name: keys}]
          extractFrom: [{headers: [x-api-key]}]
      """;
  static AuthzHarness authz;

  @BeforeAll
  static void start() {
    authz = AuthzHarness.start(CONFIG);
  }

  @AfterAll
  static void stop() {
    authz.close();
  }

  @Test
  void namedPolicyDecides() {
    assertThat(authz.check(Envoy.request("shop/open")).allowed()).isTrue();
  }

  @Test
  void missingPolicyFailsClosed() {
    Answer a = authz.check(Envoy.request(null));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.reason()).isEqualTo("policy_missing");
    assertThat(a.body()).contains("attache.io/policy");
  }

  @Test
  void unknownPolicyFailsClosedAndIsCounted() {
    Answer a = authz.check(Envoy.request("shop/nope"));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.reason()).isEqualTo("policy_unknown");
    assertThat(authz.admin("/metrics"))
        .contains("attache_authz_decisions_total{decision=\"deny\",policy=\"<unknown>\",reason=\"policy_unknown\"}");
  }

  @Test
  void perPolicyPerReasonMetrics() {
    authz.check(Envoy.request("shop/keyed"));
    authz.check(Envoy.request("shop/keyed").header("x-api-key", "k-123456"));
    String metrics = authz.admin("/metrics");
    assertThat(metrics).contains("attache_authz_decisions_total{decision=\"deny\",policy=\"shop/keyed\",reason=\"apikey_missing\"}");
    assertThat(metrics).contains("attache_authz_decisions_total{decision=\"allow\",policy=\"shop/keyed\",reason=\"allowed\"}");
  }

  @Test
  void adminEndpointsServeAndConfigDumpHoldsNoSecret() {
    assertThat(authz.adminStatus("/healthz")).isEqualTo(200);
    assertThat(authz.adminStatus("/ready")).isEqualTo(200);
    String dump = authz.admin("/config_dump");
    assertThat(dump).contains("shop/keyed").contains("frontend").doesNotContain("k-123456");
  }

  @Test
  void reasonHeaderCanBeTurnedOff() {
    try (AuthzHarness quiet = AuthzHarness.start(CONFIG, AuthzSettings.defaults().withReasonHeader(""))) {
      Answer a = quiet.check(Envoy.request("shop/keyed"));
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.reason()).isNull();
      assertThat(a.response().getDeniedResponse().getHeadersList()).isEmpty();
    }
  }
}

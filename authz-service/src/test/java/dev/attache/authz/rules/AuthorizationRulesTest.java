package dev.attache.authz.rules;

import static dev.attache.authz.testing.Keys.claims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import dev.attache.authz.testing.Keys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authorization rules: first match wins over client CIDRs, JWT claims and scopes, headers and methods. */
class AuthorizationRulesTest {
  static AuthzHarness authz;

  @BeforeAll
  static void start() {
    authz = AuthzHarness.start("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: network, namespace: default}
        spec:
          authorization:
            rules:
            - name: block-bad-subnet
              action: Deny
              principal: {clientCIDRs: [10.1.0.0/16, "2001:db8:bad::/48"]}
            - name: office
              action: Allow
              principal: {clientCIDRs: [10.0.0.0/8, "2001:db8::/32"]}
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: claims, namespace: default}
        spec:
          jwt:
            providers:
            - name: example
              issuer: %s
              localJWKS: {inline: '%s'}
          authorization:
            defaultAction: Deny
            rules:
            - name: admins-write
              action: Allow
              operation: {methods: [POST, DELETE]}
              principal:
                jwt:
                  provider: example
                  claims:
                  - {name: org.role, values: [admin]}
                  - {name: groups, valueType: StringArray, values: [ops, sre]}
            - name: readers
              action: Allow
              operation: {methods: [GET]}
              principal: {jwt: {provider: example, scopes: [orders.read]}}
            - name: internal-header
              action: Allow
              principal:
                headers: [{name: X-Internal, values: ["yes", "true"]}]
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: paths, namespace: default}
        spec:
          authorization:
            defaultAction: Allow
            rules:
            - action: Deny
              operation: {path: {type: PathPrefix, value: /admin}}
              principal: {clientCIDRs: [0.0.0.0/0, "::/0"]}
        """.formatted(Keys.ISSUER, Keys.jwks(Keys.RSA)));
  }

  @AfterAll
  static void stop() {
    authz.close();
  }

  static Answer from(String ip) {
    return authz.check(Envoy.request("default/network").source(ip));
  }

  @Test
  void clientCidrsV4AndV6FirstMatchWins() {
    assertThat(from("10.2.3.4").allowed()).isTrue();
    assertThat(from("10.1.3.4").status()).isEqualTo(403);
    assertThat(from("10.1.3.4").reason()).isEqualTo("authz_denied");
    assertThat(from("10.1.3.4").body()).isEqualTo("RBAC: access denied");
    assertThat(from("2001:db8:1::5").allowed()).isTrue();
    assertThat(from("2001:db8:bad::5").status()).isEqualTo(403);
    assertThat(from("192.0.2.1").status()).as("default action Deny when unset").isEqualTo(403);
    assertThat(from("::ffff:10.2.3.4").allowed()).as("IPv4-mapped IPv6 is the IPv4 address").isTrue();
    assertThat(from("not-an-ip").status()).isEqualTo(403);
  }

  static String token(String role, List<String> groups, String scope) {
    return Keys.rs256(claims("u", "x").claim("org", Keys.map("role", role)).claim("groups", groups)
        .claim("scope", scope).build());
  }

  static Answer call(String method, String token) {
    return authz.check(Envoy.request("default/claims").method(method).bearer(token));
  }

  @Test
  void jwtClaimsStringAndStringArrayWithMethods() {
    assertThat(call("POST", token("admin", List.of("dev", "sre"), "")).allowed()).isTrue();
    assertThat(call("DELETE", token("admin", List.of("ops"), "")).allowed()).isTrue();
    assertThat(call("POST", token("admin", List.of("dev"), "")).status()).as("no group matches").isEqualTo(403);
    assertThat(call("POST", token("viewer", List.of("ops"), "")).status()).as("role does not match").isEqualTo(403);
    assertThat(call("PUT", token("admin", List.of("ops"), "")).status()).as("method not listed").isEqualTo(403);
  }

  @Test
  void scopesFromTheSpaceDelimitedScopeClaim() {
    assertThat(call("GET", token("x", List.of(), "profile orders.read")).allowed()).isTrue();
    assertThat(call("GET", token("x", List.of(), "orders.readwrite")).status()).isEqualTo(403);
    String scp = Keys.rs256(claims("u", "x").claim("scp", List.of("orders.read")).build());
    assertThat(call("GET", scp).allowed()).as("scp as a list").isTrue();
  }

  @Test
  void headersExactValues() {
    String t = token("x", List.of(), "");
    assertThat(authz.check(Envoy.request("default/claims").method("PUT").bearer(t).header("X-Internal", "yes"))
        .allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/claims").method("PUT").bearer(t).header("X-Internal", "YES"))
        .status()).isEqualTo(403);
  }

  @Test
  void pathPrefixMatchesWholeSegmentsWithoutQuery() {
    assertThat(authz.check(Envoy.request("default/paths").path("/admin/users?x=1")).status()).isEqualTo(403);
    assertThat(authz.check(Envoy.request("default/paths").path("/admin")).status()).isEqualTo(403);
    assertThat(authz.check(Envoy.request("default/paths").path("/administrator")).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/paths").path("/public?next=/admin")).allowed()).isTrue();
  }
}

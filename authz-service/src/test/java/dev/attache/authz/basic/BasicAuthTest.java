package dev.attache.authz.basic;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Basic auth from an htpasswd Secret: {SHA} as Envoy Gateway, bcrypt beyond it. */
class BasicAuthTest {
  static AuthzHarness authz;

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void start() throws Exception {
    String sha = "{SHA}" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-1").digest("sha-pass".getBytes(StandardCharsets.UTF_8)));
    String htpasswd = String.join("\r\n",
        "# users",
        "alice:" + sha,
        "bob:" + BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "bob-2a".toCharArray()),
        "carol:" + BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, "carol-2b".toCharArray()),
        "dave:" + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "dave-2y".toCharArray()),
        "");
    authz = AuthzHarness.start("""
        apiVersion: v1
        kind: Secret
        metadata: {name: users, namespace: default}
        data:
          .htpasswd: %s
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: admin, namespace: default}
        spec:
          basicAuth:
            users: {name: users}
            forwardUsernameHeader: X-User
        """.formatted(Base64.getEncoder().encodeToString(htpasswd.getBytes(StandardCharsets.UTF_8))));
  }

  @AfterAll
  static void stop() {
    authz.close();
  }

  @ParameterizedTest
  @CsvSource({"alice,sha-pass", "bob,bob-2a", "carol,carol-2b", "dave,dave-2y"})
  void everyHashSchemeVerifiesAndForwardsTheUser(String user, String password) {
    Answer a = authz.check(Envoy.request("default/admin").header("authorization", basic(user, password)));
    assertThat(a.allowed()).as(a.toString()).isTrue();
    assertThat(a.upstreamHeader("x-user")).isEqualTo(user);
  }

  @Test
  void aRememberedSuccessDoesNotAdmitAnotherPassword() {
    assertThat(authz.check(Envoy.request("default/admin").header("authorization", basic("dave", "dave-2y"))).allowed())
        .isTrue();
    assertThat(authz.check(Envoy.request("default/admin").header("authorization", basic("dave", "dave-2"))).status())
        .isEqualTo(401);
    assertThat(authz.check(Envoy.request("default/admin").header("authorization", basic("dave", "dave-2y"))).allowed())
        .isTrue();
  }

  @Test
  void missingCredentialsAre401WithBasicRealm() {
    Answer a = authz.check(Envoy.request("default/admin").host("admin.example.com").path("/console?tab=1"));
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.responseHeader("www-authenticate")).isEqualTo("Basic realm=\"https://admin.example.com/console?tab=1\"");
    assertThat(a.reason()).isEqualTo("basic_missing");
    assertThat(a.body()).isEqualTo("User authentication failed. Missing username and password.");
  }

  @ParameterizedTest
  @CsvSource({"alice,wrong", "bob,sha-pass", "nobody,x", "dave,DAVE-2Y"})
  void wrongCredentialsAre401(String user, String password) {
    Answer a = authz.check(Envoy.request("default/admin").header("authorization", basic(user, password)));
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.reason()).isEqualTo("basic_invalid");
    assertThat(a.responseHeader("www-authenticate")).startsWith("Basic realm=");
  }

  @Test
  void otherSchemesAndMalformedCredentialsAre401() {
    assertThat(authz.check(Envoy.request("default/admin").header("authorization", "Bearer x")).body())
        .isEqualTo("User authentication failed. Expected 'Basic' authentication scheme.");
    assertThat(authz.check(Envoy.request("default/admin").header("authorization", "Basic bm9jb2xvbg==")).body())
        .isEqualTo("User authentication failed. Invalid basic credential format.");
  }
}

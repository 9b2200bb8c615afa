package dev.attache.authz.jwt;

import static dev.attache.authz.testing.Keys.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import dev.attache.authz.testing.Keys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JWT authentication through a real server, with CheckRequests shaped as Envoy sends them. */
class JwtAuthTest {
  static final String JWKS = Keys.jwks(Keys.RSA, Keys.EC256, Keys.EC384, Keys.EC521, Keys.ED.publicJwk(), Keys.HMAC);
  static AuthzHarness authz;

  static String policy(String name, String jwtYaml) {
    return """
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: %s, namespace: default}
        spec:
          jwt:
        %s""".formatted(name, jwtYaml.indent(4));
  }

  static String provider(String name, String extra) {
    return """
        - name: %s
          issuer: %s
          audiences: [orders]
          localJWKS:
            type: Inline
            inline: '%s'
        """.formatted(name, Keys.ISSUER, JWKS) + extra.indent(2);
  }

  @BeforeAll
  static void start() {
    authz = AuthzHarness.start(
        policy("strict", "providers:\n" + provider("example", """
            claimToHeaders:
            - {header: x-user, claim: sub}
            - {header: x-tenant, claim: org.tenant}
            """))
        + policy("optional", "optional: true\nproviders:\n" + provider("example", ""))
        + policy("failopen", "failOpen: true\nproviders:\n" + provider("example", "claimToHeaders: [{header: x-user, claim: sub}]"))
        + policy("custom", "providers:\n" + provider("example", """
            extractFrom:
              headers: [{name: X-Token, valuePrefix: "Token "}]
              cookies: [session]
              params: [jwt]
            """))
        + policy("two", "providers:\n" + provider("first", "") + """
            - name: second
              issuer: https://other.test
              localJWKS: {inline: '%s'}
            """.formatted(Keys.jwks(Keys.RSA_2))));
  }

  @AfterAll
  static void stop() {
    authz.close();
  }

  static JWTClaimsSet valid() {
    return claims("alice", "orders").claim("org", Keys.map("tenant", "acme")).claim("scope", "read write").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256",
      "HS384", "HS512", "EdDSA"})
  void everySupportedAlgorithmVerifies(String alg) {
    String token = switch (alg) {
      case "ES256" -> Keys.sign(Keys.EC256, JWSAlgorithm.ES256, valid());
      case "ES384" -> Keys.sign(Keys.EC384, JWSAlgorithm.ES384, valid());
      case "ES512" -> Keys.sign(Keys.EC521, JWSAlgorithm.ES512, valid());
      case "EdDSA" -> Keys.eddsa(valid());
      case "HS256", "HS384", "HS512" -> Keys.sign(Keys.HMAC, JWSAlgorithm.parse(alg), valid());
      default -> Keys.sign(Keys.RSA, JWSAlgorithm.parse(alg), valid());
    };
    Answer a = authz.check(Envoy.request("default/strict").bearer(token));
    assertThat(a.allowed()).as(a.toString()).isTrue();
  }

  @Test
  void successForwardsClaimsAndReturnsThemAsMetadata() {
    Answer a = authz.check(Envoy.request("default/strict").bearer(Keys.rs256(valid())));
    assertThat(a.allowed()).isTrue();
    assertThat(a.upstreamHeader("x-user")).isEqualTo("alice");
    assertThat(a.upstreamHeader("x-tenant")).isEqualTo("acme");
    var claims = a.metadata().getFieldsOrThrow("example").getStructValue();
    assertThat(claims.getFieldsOrThrow("sub").getStringValue()).isEqualTo("alice");
    assertThat(claims.getFieldsOrThrow("scope").getListValue().getValuesList())
        .extracting(v -> v.getStringValue()).containsExactly("read", "write");
  }

  @Test
  void missingTokenIs401WithBearerRealm() {
    Answer a = authz.check(Envoy.request("default/strict").path("/orders/7?page=2"));
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.responseHeader("www-authenticate")).isEqualTo("Bearer realm=\"https://api.example.com/orders/7?page=2\"");
    assertThat(a.reason()).isEqualTo("jwt_missing");
    assertThat(a.body()).isEqualTo("Jwt is missing");
  }

  @Test
  void invalidTokenIs401WithInvalidTokenError() {
    Answer a = authz.check(Envoy.request("default/strict").path("/orders").bearer("not.a.jwt"));
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.responseHeader("www-authenticate"))
        .isEqualTo("Bearer realm=\"https://api.example.com/orders\", error=\"invalid_token\"");
  }

  @Test
  void audienceNotAllowedIs403() {
    Answer a = authz.check(Envoy.request("default/strict").bearer(Keys.rs256(claims("alice", "billing").build())));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.reason()).isEqualTo("jwt_audience_not_allowed");
    assertThat(a.body()).isEqualTo("Audiences in Jwt are not allowed");
  }

  @Test
  void optionalToleratesMissingButNotInvalid() {
    assertThat(authz.check(Envoy.request("default/optional")).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/optional").bearer("bad")).status()).isEqualTo(401);
  }

  @Test
  void failOpenToleratesMissingAndInvalidButStillForwardsValidClaims() {
    assertThat(authz.check(Envoy.request("default/failopen")).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/failopen").bearer("bad")).allowed()).isTrue();
    Answer ok = authz.check(Envoy.request("default/failopen").bearer(Keys.rs256(valid())));
    assertThat(ok.metadata().getFieldsOrThrow("example").getStructValue().getFieldsOrThrow("sub").getStringValue())
        .isEqualTo("alice");
  }

  @Test
  void aClientCannotBringItsOwnClaimHeader() {
    Answer noToken = authz.check(Envoy.request("default/failopen").header("X-User", "admin"));
    assertThat(noToken.allowed()).isTrue();
    assertThat(noToken.headersToRemove()).containsExactly("x-user");
    Answer badToken = authz.check(Envoy.request("default/failopen").header("x-user", "admin").bearer("bad"));
    assertThat(badToken.headersToRemove()).containsExactly("x-user");
    Answer good = authz.check(Envoy.request("default/failopen").header("x-user", "admin").bearer(Keys.rs256(valid())));
    assertThat(good.upstreamHeader("x-user")).isEqualTo("alice");
    assertThat(good.headersToRemove()).isEmpty();
  }

  @Test
  void defaultLocationsAreBearerHeaderThenAccessTokenParam() {
    String t = Keys.rs256(valid());
    assertThat(authz.check(Envoy.request("default/strict").header("authorization", "bearer " + t)).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/strict").path("/orders?access_token=" + t)).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/strict").header("x-token", "Token " + t)).status()).isEqualTo(401);
  }

  @Test
  void configuredLocationsReplaceTheDefaults() {
    String t = Keys.rs256(valid());
    assertThat(authz.check(Envoy.request("default/custom").header("X-Token", "Token " + t)).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/custom").header("cookie", "a=1; session=" + t)).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/custom").path("/x?jwt=" + t)).allowed()).isTrue();
    assertThat(authz.check(Envoy.request("default/custom").bearer(t)).status()).isEqualTo(401);
  }

  @Test
  void anyProviderMayVerify() {
    String second = Keys.sign(Keys.RSA_2, JWSAlgorithm.RS256,
        new JWTClaimsSet.Builder(claims("bob", "x").build()).issuer("https://other.test").build());
    Answer a = authz.check(Envoy.request("default/two").bearer(second));
    assertThat(a.allowed()).as(a.toString()).isTrue();
    assertThat(a.metadata().getFieldsMap()).containsOnlyKeys("second");
    assertThat(authz.check(Envoy.request("default/two").bearer(Keys.rs256(valid()))).metadata().getFieldsMap())
        .containsOnlyKeys("first");
  }

  @Test
  void noKidTriesEveryKeyOfTheRightType() {
    String t = Keys.sign(Keys.RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), valid());
    assertThat(authz.check(Envoy.request("default/strict").bearer(t)).allowed()).isTrue();
  }

  @Test
  void repeatedTokenIsServedFromTheCacheWithTheSameResult() {
    String t = Keys.rs256(valid());
    List<Answer> answers = List.of(authz.check(Envoy.request("default/strict").bearer(t)),
        authz.check(Envoy.request("default/strict").bearer(t)));
    assertThat(answers).allSatisfy(a -> {
      assertThat(a.allowed()).isTrue();
      assertThat(a.upstreamHeader("x-user")).isEqualTo("alice");
    });
  }
}

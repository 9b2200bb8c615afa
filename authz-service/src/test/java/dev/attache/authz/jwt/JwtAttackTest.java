package dev.attache.authz.jwt;

import static dev.attache.authz.testing.Keys.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import dev.attache.authz.testing.JwksServer;
import dev.attache.authz.testing.Keys;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JWT attack battery: every forged, stale or malformed token is denied with the status
 * jwt_authn would answer, and nothing a token says makes the service fetch anything.
 */
class JwtAttackTest {
  static JwksServer jwks;
  static JwksServer attacker;
  static AuthzHarness authz;
  static final RSAKey EVIL = rsa("evil");
  static final String POLICY = """
      apiVersion: gateway.envoyproxy.io/v1alpha1
      kind: SecurityPolicy
      metadata: {name: api, namespace: default}
      spec:
        jwt:
          providers:
          - name: example
            issuer: %s
            audiences: [orders]
            remoteJWKS:
              uri: %s
              cacheDuration: 300s
              failedRefetchDuration: 60s
      """;

  @BeforeAll
  static void start() {
    jwks = new JwksServer(Keys.jwks(Keys.RSA, Keys.EC256));
    attacker = new JwksServer(Keys.jwks(EVIL));
    authz = AuthzHarness.start(POLICY.formatted(Keys.ISSUER, jwks.uri()));
    assertThat(deny(valid()).allowed()).as("a good token passes before the attacks").isTrue();
  }

  @AfterAll
  static void stop() {
    authz.close();
    jwks.close();
    attacker.close();
  }

  static RSAKey rsa(String kid) {
    try {
      return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String valid() {
    return Keys.rs256(claims("mallory", "orders").build());
  }

  static Answer deny(String token) {
    return authz.check(Envoy.request("default/api").bearer(token));
  }

  static void assertDenied(Answer a, int status, String reason) {
    assertThat(a.allowed()).as("must be denied: " + a).isFalse();
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.reason()).isEqualTo(reason);
    if (status == 401) {
      assertThat(a.responseHeader("www-authenticate")).endsWith("error=\"invalid_token\"");
    }
  }

  static String payload() {
    return claims("mallory", "orders").build().toString();
  }

  @Test
  void algNone() {
    assertDenied(deny(Keys.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload(), "")), 401, "jwt_alg_not_allowed");
    assertDenied(deny(Keys.raw("{\"alg\":\"None\"}", payload(), "c2ln")), 401, "jwt_alg_not_allowed");
  }

  @Test
  void hs256SignedWithTheRsaPublicKey() throws Exception {
    byte[] publicKey = Keys.RSA.toRSAPublicKey().getEncoded();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
        claims("mallory", "orders").build());
    forged.sign(new MACSigner(publicKey));
    assertDenied(deny(forged.serialize()), 401, "jwt_unknown_kid");
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
    SignedJWT pemForged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims("m", "orders").build());
    pemForged.sign(new MACSigner(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertDenied(deny(pemForged.serialize()), 401, "jwt_unknown_kid");
  }

  @Test
  void expiredBeyondTheSkew() {
    Instant now = Instant.now();
    assertDenied(deny(Keys.rs256(claims("m", "orders").expirationTime(Date.from(now.minusSeconds(120))).build())),
        401, "jwt_expired");
    assertThat(deny(Keys.rs256(claims("m", "orders").expirationTime(Date.from(now.minusSeconds(30))).build()))
        .allowed()).as("30 s past exp is inside the 60 s skew").isTrue();
  }

  @Test
  void notBeforeInTheFuture() {
    Instant now = Instant.now();
    assertDenied(deny(Keys.rs256(claims("m", "orders").notBeforeTime(Date.from(now.plusSeconds(300))).build())),
        401, "jwt_not_yet_valid");
    assertThat(deny(Keys.rs256(claims("m", "orders").notBeforeTime(Date.from(now.plusSeconds(30))).build()))
        .allowed()).as("nbf 30 s ahead is inside the 60 s skew").isTrue();
  }

  @Test
  void wrongIssuer() {
    assertDenied(deny(Keys.rs256(claims("m", "orders").issuer("https://evil.test").build())), 401, "jwt_unknown_issuer");
  }

  @Test
  void wrongAudience() {
    assertDenied(deny(Keys.rs256(claims("m", "billing").build())), 403, "jwt_audience_not_allowed");
  }

  @Test
  void unknownKidRefetchesOnceThenNotAgainInsideFailedRefetchDuration() {
    // A provider of its own: the other tests' unknown kids would spend the shared refetch budget.
    try (JwksServer own = new JwksServer(Keys.jwks(Keys.RSA, Keys.EC256));
         AuthzHarness isolated = AuthzHarness.start(POLICY.formatted(Keys.ISSUER, own.uri()))) {
      assertThat(isolated.check(Envoy.request("default/api").bearer(valid())).allowed()).isTrue();
      int before = own.requests();
      String forged = Keys.sign(EVIL, JWSAlgorithm.RS256, claims("m", "orders").build());
      assertDenied(isolated.check(Envoy.request("default/api").bearer(forged)), 401, "jwt_unknown_kid");
      assertThat(own.requests()).as("one refetch for an unknown kid").isEqualTo(before + 1);
      String other = Keys.sign(rsa("other"), JWSAlgorithm.RS256, claims("m", "orders").build());
      assertDenied(isolated.check(Envoy.request("default/api").bearer(other)), 401, "jwt_unknown_kid");
      assertThat(own.requests()).as("no second fetch inside failedRefetchDuration").isEqualTo(before + 1);
      assertThat(isolated.check(Envoy.request("default/api").bearer(valid())).allowed()).isTrue();
    }
  }

  @Test
  void embeddedJwkHeaderIsNotTrusted() {
    JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(EVIL.toPublicJWK()).build();
    assertDenied(deny(Keys.sign(EVIL, h, claims("m", "orders").build())), 401, "jwt_bad_signature");
    JWSHeader withKid = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").jwk(EVIL.toPublicJWK()).build();
    assertDenied(deny(Keys.sign(EVIL, withKid, claims("m", "orders").build())), 401, "jwt_bad_signature");
  }

  @Test
  void jkuAndX5uAreNeverFetched() {
    JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
        .jwkURL(URI.create(attacker.uri())).x509CertURL(URI.create(attacker.uri() + "?x5u")).build();
    assertDenied(deny(Keys.sign(EVIL, h, claims("m", "orders").build())), 401, "jwt_bad_signature");
    JWSHeader noKid = new JWSHeader.Builder(JWSAlgorithm.RS256).jwkURL(URI.create(attacker.uri())).build();
    assertDenied(deny(Keys.sign(EVIL, noKid, claims("m", "orders").build())), 401, "jwt_bad_signature");
    assertThat(attacker.requests()).as("the jku/x5u server received no request").isZero();
  }

  @Test
  void unknownCritical() {
    JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
        .criticalParams(java.util.Set.of("exp-policy")).customParam("exp-policy", 1).build();
    assertDenied(deny(Keys.sign(Keys.RSA, h, claims("m", "orders").build())), 401, "jwt_invalid");
  }

  @Test
  void brokenBase64() {
    String t = valid();
    String[] parts = t.split("\\.");
    assertDenied(deny(parts[0] + "*." + parts[1] + "." + parts[2]), 401, "jwt_invalid");
    assertDenied(deny(parts[0] + "." + parts[1] + "=." + parts[2]), 401, "jwt_invalid");
    assertDenied(deny(parts[0] + "." + parts[1] + "." + parts[2] + "%%"), 401, "jwt_invalid");
    assertDenied(deny(parts[0] + "." + parts[1]), 401, "jwt_invalid");
  }

  @Test
  void oneMebibyteToken() {
    String big = Keys.rs256(claims("m", "orders").claim("pad", "x".repeat(1 << 20)).build());
    assertThat(big.length()).isGreaterThan(1 << 20);
    assertDenied(deny(big), 401, "jwt_too_large");
    assertThat(deny(valid()).allowed()).isTrue();
  }

  @Test
  void deeplyNestedJson() {
    String nested = "[".repeat(5000) + "]".repeat(5000);
    String payload = "{\"iss\":\"" + Keys.ISSUER + "\",\"aud\":\"orders\",\"deep\":" + nested + "}";
    assertDenied(deny(Keys.raw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload, "c2ln")), 401, "jwt_invalid");
    String deepHeader = "{\"alg\":\"RS256\",\"x\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}";
    assertDenied(deny(Keys.raw(deepHeader, payload(), "c2ln")), 401, "jwt_invalid");
    assertThat(deny(valid()).allowed()).isTrue();
  }

  @Test
  void twoTokensOneBad() {
    String good = valid();
    String bad = Keys.rs256(claims("m", "orders").expirationTime(Date.from(Instant.now().minusSeconds(3600))).build());
    Answer goodHeaderBadParam = authz.check(Envoy.request("default/api").bearer(good).path("/o?access_token=" + bad));
    assertDenied(goodHeaderBadParam, 401, "jwt_expired");
    Answer badHeaderGoodParam = authz.check(Envoy.request("default/api").bearer(bad).path("/o?access_token=" + good));
    assertDenied(badHeaderGoodParam, 401, "jwt_expired");
    assertThat(authz.check(Envoy.request("default/api").bearer(good).path("/o?access_token=" + valid())).allowed())
        .as("two good tokens pass").isTrue();
  }

  @Test
  void tooManyTokensAreRefusedBeforeAnyIsVerified() {
    StringBuilder path = new StringBuilder("/o?x=1");
    for (int i = 0; i < 9; i++) {
      path.append("&access_token=").append(Keys.rs256(claims("m", "orders").jwtID("t" + i).build()));
    }
    Answer a = authz.check(Envoy.request("default/api").path(path.toString()));
    assertDenied(a, 401, "jwt_invalid");
    assertThat(a.body()).isEqualTo("Found more than 8 Jwt tokens");
  }

  @Test
  void ecdsaSignatureWithRAndSZeroOrOutOfRange() throws Exception {
    BigInteger n = Keys.EC256.toECPublicKey().getParams().getOrder();
    String header = "{\"alg\":\"ES256\",\"kid\":\"ec-256\"}";
    for (byte[] sig : List.of(new byte[64], concat(n, n), concat(n.add(BigInteger.ONE), BigInteger.ONE),
        concat(BigInteger.ONE, BigInteger.ZERO), concat(BigInteger.ZERO, BigInteger.ONE))) {
      String t = Keys.raw(header, payload(), Base64URL.encode(sig).toString());
      assertDenied(deny(t), 401, "jwt_bad_signature");
    }
    String real = Keys.sign(Keys.EC256, JWSAlgorithm.ES256, claims("m", "orders").build());
    assertThat(deny(real).allowed()).as("a real ES256 token passes").isTrue();
  }

  private static byte[] concat(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    copy32(r, out, 0);
    copy32(s, out, 32);
    return out;
  }

  private static void copy32(BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, off + 32 - len, len);
  }

  @Test
  void claimsOfTheWrongTypeAreInvalid() {
    JWTClaimsSet c = new JWTClaimsSet.Builder(claims("m", "orders").build()).claim("exp", "tomorrow").build();
    assertDenied(deny(Keys.rs256(c)), 401, "jwt_invalid");
  }
}

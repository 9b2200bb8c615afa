package dev.attache.authz.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API key authentication on CheckRequests shaped as Envoy sends them. */
class ApiKeyAuthTest {
  static AuthzHarness authz;

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @BeforeAll
  static void start() throws Exception {
    authz = AuthzHarness.start("""
        apiVersion: v1
        kind: Secret
        metadata: {name: team-keys, namespace: shop}
        type: Opaque
        data:
          mobile: bW9iaWxlLWtleS0x                      # mobile-key-1
        stringData:
          partner: "sha256:%s"
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: more-keys, namespace: shop}
        stringData:
          mobile: "shadowed-by-the-first-secret"
          batch: batch-key-3
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: api, namespace: shop}
        spec:
          apiKeyAuth:
            credentialRefs: [{name: team-keys}, {group: "", kind: Secret, name: more-keys}]
            extractFrom:
            - headers: [X-API-Key, X-Alt-Key]
            - params: [api_key]
            - cookies: [key]
            forwardClientIDHeader: X-Client-ID
            sanitize: true
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: plain, namespace: shop}
        spec:
          apiKeyAuth:
            credentialRefs: [{name: team-keys}]
            extractFrom: [{headers: [authorization]}]
        """.formatted(sha256("partner-key-2")));
  }

  @AfterAll
  static void stop() {
    authz.close();
  }

  @Test
  void keyInHeaderForwardsClientAndIsRemovedUpstream() {
    Answer a = authz.check(Envoy.request("shop/api").method("POST").path("/cart?x=1").header("X-API-Key", "mobile-key-1"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.upstreamHeader("x-client-id")).isEqualTo("mobile");
    assertThat(a.headersToRemove()).containsExactly("x-api-key");
  }

  @Test
  void secretValueMayAlreadyBeADigest() {
    Answer a = authz.check(Envoy.request("shop/api").header("x-alt-key", "partner-key-2"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.upstreamHeader("x-client-id")).isEqualTo("partner");
    assertThat(authz.check(Envoy.request("shop/api").header("x-api-key", "sha256:" + "0".repeat(64))).status())
        .as("the digest itself is not a key").isEqualTo(401);
  }

  @Test
  void keyInQueryParameterIsRemovedFromTheQuery() {
    Answer a = authz.check(Envoy.request("shop/api").path("/cart?page=2&api_key=batch-key-3"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.upstreamHeader("x-client-id")).isEqualTo("batch");
    assertThat(a.paramsToRemove()).containsExactly("api_key");
  }

  @Test
  void keyInCookieIsCutFromTheCookieHeader() {
    Answer a = authz.check(Envoy.request("shop/api").header("cookie", "theme=dark; key=mobile-key-1; lang=en"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.upstreamHeader("cookie")).isEqualTo("theme=dark; lang=en");
  }

  @Test
  void firstSecretNamingAClientWins() {
    assertThat(authz.check(Envoy.request("shop/api").header("x-api-key", "shadowed-by-the-first-secret")).status())
        .isEqualTo(401);
  }

  @Test
  void missingAndWrongKeysAre401() {
    Answer missing = authz.check(Envoy.request("shop/api"));
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.reason()).isEqualTo("apikey_missing");
    assertThat(missing.body()).isEqualTo("Client authentication failed.");
    Answer wrong = authz.check(Envoy.request("shop/api").header("x-api-key", "mobile-key-2"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.reason()).isEqualTo("apikey_invalid");
  }

  @Test
  void emptyFirstSourceFallsThroughToTheNext() {
    Answer a = authz.check(Envoy.request("shop/api").header("x-api-key", "").header("x-alt-key", "mobile-key-1"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.headersToRemove()).containsExactly("x-alt-key");
  }

  @Test
  void rawHeaderMapAsEnvoySendsWithEncodeRawHeaders() {
    var request = Envoy.request("shop/api").build();
    var http = request.getAttributes().getRequest().getHttp().toBuilder().clearHeaders()
        .setHeaderMap(io.envoyproxy.envoy.config.core.v3.HeaderMap.newBuilder()
            .addHeaders(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder().setKey(":path").setRawValue(
                com.google.protobuf.ByteString.copyFromUtf8("/cart")))
            .addHeaders(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder().setKey("x-api-key").setRawValue(
                com.google.protobuf.ByteString.copyFromUtf8("mobile-key-1"))))
        .build();
    var raw = request.toBuilder().setAttributes(request.getAttributes().toBuilder()
        .setRequest(request.getAttributes().getRequest().toBuilder().setHttp(http))).build();
    Answer a = authz.check(raw);
    assertThat(a.allowed()).as(a.toString()).isTrue();
    assertThat(a.upstreamHeader("x-client-id")).isEqualTo("mobile");
  }

  @Test
  void bearerPrefixIsStrippedAndNothingIsForwardedWhenNotAsked() {
    Answer a = authz.check(Envoy.request("shop/plain").header("authorization", "Bearer mobile-key-1"));
    assertThat(a.allowed()).isTrue();
    assertThat(a.response().getOkResponse().getHeadersList()).isEmpty();
    assertThat(a.headersToRemove()).isEmpty();
  }
}

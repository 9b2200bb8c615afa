package dev.attache.authz.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.attache.authz.api.v1.ApiKeyAuth;
import dev.attache.authz.api.v1.ApiKeyCredential;
import dev.attache.authz.api.v1.Authorization;
import dev.attache.authz.api.v1.AuthorizationRule;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.api.v1.BasicAuth;
import dev.attache.authz.api.v1.Jwt;
import dev.attache.authz.api.v1.JwtPrincipal;
import dev.attache.authz.api.v1.JwtProvider;
import dev.attache.authz.api.v1.KeySource;
import dev.attache.authz.api.v1.Operation;
import dev.attache.authz.api.v1.PathMatch;
import dev.attache.authz.api.v1.Principal;
import dev.attache.authz.api.v1.RemoteJwks;
import dev.attache.authz.policy.PolicyId;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad resource's error, which becomes the NACK authz-service sends and logs: it names the
 * policy and the field, and never the credential it was about.
 */
class PolicyResourcesTest {
  private static final ByteString DIGEST = ByteString.copyFrom(new byte[32]);

  private static AuthzPolicy.Builder policy() {
    return AuthzPolicy.newBuilder().setNamespace("default").setName("guard");
  }

  private static ApiKeyAuth.Builder apiKeys() {
    return ApiKeyAuth.newBuilder().addExtractFrom(KeySource.newBuilder().setHeader("X-Api-Key"))
        .addCredentials(ApiKeyCredential.newBuilder().setClientId("client1").setKeySha256(DIGEST));
  }

  static Stream<Arguments> badResources() {
    return Stream.of(
        Arguments.of("short API key digest", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setApiKeyAuth(apiKeys()
                .setCredentials(0, ApiKeyCredential.newBuilder().setClientId("client1")
                    .setKeySha256(ByteString.copyFromUtf8("plain-key-1")))),
            "AuthzPolicy default/guard: apiKeyAuth.credentials (client client1): key_sha256 must be a SHA-256"
                + " digest (32 bytes)"),
        Arguments.of("client twice", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setApiKeyAuth(apiKeys()
                .addCredentials(ApiKeyCredential.newBuilder().setClientId("client1").setKeySha256(DIGEST))),
            "AuthzPolicy default/guard: apiKeyAuth.credentials: client client1 listed twice"),
        Arguments.of("no key source", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setApiKeyAuth(apiKeys()
                .clearExtractFrom()),
            "AuthzPolicy default/guard: apiKeyAuth.extractFrom: at least one source is required"),
        Arguments.of("provider without keys", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setJwt(Jwt.newBuilder()
                .addProviders(JwtProvider.newBuilder().setName("idp"))),
            "AuthzPolicy default/guard: jwt.providers[0]: neither remoteJwks nor localJwks"),
        Arguments.of("remote JWKS not http", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setJwt(Jwt.newBuilder()
                .addProviders(JwtProvider.newBuilder().setName("idp").setRemoteJwks(RemoteJwks.newBuilder().setUri("https://idp.example.com/jwks")))
                .addProviders(JwtProvider.newBuilder().setName("other")
                    .setRemoteJwks(RemoteJwks.newBuilder().setUri("file:///etc/jwks.json")))),
            "AuthzPolicy default/guard: jwt.providers[1].remoteJwks.uri: expected an http or https URI"),
        Arguments.of("zero cache duration", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setJwt(Jwt.newBuilder()
                .addProviders(JwtProvider.newBuilder().setName("idp").setRemoteJwks(RemoteJwks.newBuilder()
                    .setUri("https://idp.example.com/jwks").setCacheDuration(com.google.protobuf.Duration
                        .getDefaultInstance())))),
            "AuthzPolicy default/guard: jwt.providers[0].remoteJwks.cacheDuration: must be positive"),
        Arguments.of("provider name twice", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setJwt(Jwt.newBuilder()
                .addProviders(JwtProvider.newBuilder().setName("idp").setRemoteJwks(RemoteJwks.newBuilder().setUri("https://idp.example.com/jwks")))
                .addProviders(JwtProvider.newBuilder().setName("idp").setRemoteJwks(RemoteJwks.newBuilder().setUri("https://idp.example.com/jwks")))),
            "AuthzPolicy default/guard: jwt.providers[1].name: empty or not unique"),
        Arguments.of("bad htpasswd line", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setBasicAuth(BasicAuth
                .newBuilder().setHtpasswd("alice:{SHA}c2VjcmV0LWhhc2g=\nbob-without-a-hash\n")),
            "AuthzPolicy default/guard: basicAuth.htpasswd: line 1: {SHA} must be a base64-encoded SHA-1 (20 bytes)"),
        Arguments.of("bad path regex", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setAuthorization(Authorization
                .newBuilder().addRules(AuthorizationRule.newBuilder().setOperation(Operation.newBuilder()
                    .setPath(PathMatch.newBuilder().setType(PathMatch.Type.REGULAR_EXPRESSION).setValue("/a(b"))))),
            "AuthzPolicy default/guard: authorization.rules[0].operation.path.value: invalid regular expression:"
                + " Unclosed group"),
        Arguments.of("bad CIDR", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setAuthorization(Authorization
                .newBuilder().addRules(AuthorizationRule.newBuilder().setPrincipal(Principal.newBuilder()
                    .addClientCidrs("10.0.0.0/8").addClientCidrs("10.0.0.0/40")))),
            "AuthzPolicy default/guard: authorization.rules[0].principal.clientCidrs[1]: cidr: 10.0.0.0/40"
                + " (expected: prefix length 0-32)"),
        Arguments.of("JWT principal of no provider", (UnaryOperator<AuthzPolicy.Builder>) p -> p.setAuthorization(
                Authorization.newBuilder().addRules(AuthorizationRule.newBuilder().setPrincipal(Principal
                    .newBuilder().setJwt(JwtPrincipal.newBuilder().setProvider("idp"))))),
            "AuthzPolicy default/guard: authorization.rules[0].principal.jwt.provider: no JWT provider named idp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResources")
  void aBadResourceIsRejectedNamingThePolicyAndField(String what, UnaryOperator<AuthzPolicy.Builder> change,
      String error) {
    AuthzPolicy good = AuthzPolicy.newBuilder().setNamespace("default").setName("other").setApiKeyAuth(apiKeys())
        .build();
    assertThatThrownBy(() -> PolicyResources.of(List.of(good, change.apply(policy()).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(error)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plain-key-1", "c2VjcmV0LWhhc2g="));
  }

  @Test
  void aPolicySentTwiceOrWithoutANameIsRejected() {
    AuthzPolicy p = policy().setApiKeyAuth(apiKeys()).build();
    assertThatThrownBy(() -> PolicyResources.of(List.of(p, p)))
        .hasMessage("AuthzPolicy default/guard: sent twice");
    assertThatThrownBy(() -> PolicyResources.of(List.of(p.toBuilder().setName("").build())))
        .hasMessage("an AuthzPolicy without namespace or name");
  }

  @Test
  void aGoodResponseConvertsEveryPolicy() {
    var set = PolicyResources.of(List.of(policy().setApiKeyAuth(apiKeys()).build(),
        policy().setName("second").setBasicAuth(BasicAuth.newBuilder()
            .setHtpasswd("alice:{SHA}" + java.util.Base64.getEncoder().encodeToString(new byte[20]))).build()));
    assertThat(set.policies().keySet()).containsExactly(PolicyId.of("default", "guard"),
        PolicyId.of("default", "second"));
    assertThat(set.get(PolicyId.of("default", "guard")).orElseThrow().apiKeyAuth().extractFrom()).isNotEmpty();
  }
}

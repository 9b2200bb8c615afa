package dev.attache.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.authz.testing.Keys;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
  private static final Path FILE = Path.of("/etc/attache/policies.yaml");
  private static final String KEY_SECRET = """
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: keys, namespace: team-a}
      data:
        client-1: c2VjcmV0LWtleS0x        # secret-key-1
      stringData:
        client-2: "sha256:0b3c6bcc1e6f3d1a9b4d2b6ec8bfb1aebd3b9fdc4f5ab1a2c5a7a35f0b7c1d2e"
      """;

  private final PolicyLoader loader = new PolicyLoader();

  private PolicySet load(String yaml) throws ConfigException {
    return loader.load(List.of(new ConfigFile(FILE, yaml)));
  }

  private static String policy(String spec) {
    return """
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: api, namespace: team-a}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}]
        """ + spec.indent(2);
  }

  @Test
  void loadsEverySectionWithUpstreamDefaults() throws Exception {
    PolicySet set = load(KEY_SECRET + policy("""
        apiKeyAuth:
          credentialRefs: [{name: keys}]
          extractFrom: [{headers: [X-API-Key]}, {params: [key]}]
          forwardClientIDHeader: X-Client
          sanitize: true
        jwt:
          providers:
          - name: example
            issuer: https://issuer.test
            audiences: [api]
            remoteJWKS: {uri: "https://issuer.test/jwks.json"}
            claimToHeaders: [{header: X-Sub, claim: sub}]
        authorization:
          rules:
          - action: Allow
            principal:
              clientCIDRs: [10.0.0.0/8, "2001:db8::/32"]
              jwt: {provider: example, scopes: [read]}
        cors: {allowOrigins: ["*"]}
        """));
    SecurityPolicy p = set.get(PolicyId.of("team-a", "api")).orElseThrow();
    assertThat(p.apiKeyAuth().credentials()).extracting(ApiKeyAuthSpec.Credential::clientId)
        .containsExactly("client-1", "client-2");
    assertThat(p.apiKeyAuth().extractFrom()).containsExactly(
        new ApiKeyAuthSpec.KeySource.Header("x-api-key"), new ApiKeyAuthSpec.KeySource.Param("key"));
    assertThat(p.apiKeyAuth().forwardClientIdHeader()).isEqualTo("x-client");
    JwtSpec.Provider provider = p.jwt().providers().getFirst();
    assertThat(provider.remoteJwks().cacheDuration()).isEqualTo(Duration.ofSeconds(300));
    assertThat(provider.remoteJwks().failedRefetchDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(provider.extractFrom()).isNull();
    assertThat(p.authorization().defaultAction()).isEqualTo(AuthorizationSpec.Action.DENY);
    assertThat(p.authorization().rules().getFirst().name()).isEqualTo("securitypolicy/team-a/api/authorization/rule/0");
    assertThat(p.notEnforcedHere()).containsExactly("cors");
  }

  @Test
  void localJwksFromConfigMapUsesTheJwksKey() throws Exception {
    PolicySet set = load("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: keys, namespace: team-a}
        data:
          other: "not json"
          jwks: '%s'
        """.formatted(Keys.jwks(Keys.RSA)) + policy("""
        jwt:
          providers:
          - name: local
            localJWKS: {type: ValueRef, valueRef: {name: keys}}
        """));
    assertThat(set.policies().values().iterator().next().jwt().providers().getFirst().localJwks())
        .contains("rsa-1");
  }

  @Test
  void unknownFieldIsRejectedWithFileObjectAndPath() {
    assertThatThrownBy(() -> load(policy("""
        jwt:
          providers:
          - name: example
            audience: [api]
            remoteJWKS: {uri: "https://issuer.test/jwks.json"}
        """)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(FILE.toString())
        .hasMessageContaining("object SecurityPolicy team-a/api")
        .hasMessageContaining("field spec.jwt.providers[0].audience: unknown field");
  }

  @Test
  void missingSecretIsNamed() {
    assertThatThrownBy(() -> load(policy("""
        basicAuth:
          users: {name: htpasswd}
        """)))
        .hasMessageContaining("field spec.basicAuth.users.name: Secret team-a/htpasswd not found");
  }

  @Test
  void badSecretValueIsDescribedNeverQuoted() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: keys, namespace: team-a}
        data:
          client-1: "hunter2-not-base64!!"
        """;
    assertThatThrownBy(() -> load(secret))
        .hasMessageContaining("object Secret team-a/keys: field data.client-1: not valid base64")
        .message().doesNotContain("hunter2");
  }

  @Test
  void badHtpasswdLineNamesTheLineNotTheHash() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: users, namespace: team-a}
        stringData:
          .htpasswd: "alice:$apr1$abc$SECRETHASHxyz"
        """;
    assertThatThrownBy(() -> load(secret + policy("basicAuth: {users: {name: users}}")))
        .hasMessageContaining("field spec.basicAuth.users: Secret key .htpasswd: line 1: unsupported password hash for user alice")
        .message().doesNotContain("SECRETHASH");
  }

  @Test
  void celRulesAreRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> load(policy("""
        authorization:
          rules:
          - action: Allow
            cel: "request.method == 'GET'"
        """)))
        .hasMessageContaining("field spec.authorization.rules[0].cel: CEL expressions are not supported");
  }

  @Test
  void jwtPrincipalMustNameAProvider() {
    assertThatThrownBy(() -> load(policy("""
        authorization:
          rules:
          - action: Allow
            principal: {jwt: {provider: nope, scopes: [read]}}
        """)))
        .hasMessageContaining("field spec.authorization.rules[0].principal.jwt.provider: no JWT provider named nope");
  }

  @Test
  void badCidrDurationAndUriAreNamed() {
    assertThatThrownBy(() -> load(policy("""
        authorization:
          rules: [{action: Deny, principal: {clientCIDRs: [10.0.0.0/40]}}]
        """))).hasMessageContaining("principal.clientCIDRs[0]: cidr: 10.0.0.0/40 (expected: prefix length 0-32)");
    assertThatThrownBy(() -> load(policy("""
        jwt:
          providers: [{name: p, remoteJWKS: {uri: "https://x.test/j", cacheDuration: 5 minutes}}]
        """))).hasMessageContaining("remoteJWKS.cacheDuration: invalid duration 5 minutes");
    assertThatThrownBy(() -> load(policy("""
        jwt:
          providers: [{name: p, remoteJWKS: {uri: "file:///etc/passwd"}}]
        """))).hasMessageContaining("remoteJWKS.uri: file:///etc/passwd (expected: an http or https URI");
  }

  @Test
  void optionalAndFailOpenTogetherAreRejectedAsUpstream() {
    assertThatThrownBy(() -> load(policy("""
        jwt:
          optional: true
          failOpen: true
          providers: [{name: p, remoteJWKS: {uri: "https://x.test/j"}}]
        """))).hasMessageContaining("optional and failOpen cannot both be set");
  }

  @Test
  void duplicatePolicyAndUnknownKindAreRejected() {
    String p = policy("authorization: {defaultAction: Allow}");
    assertThatThrownBy(() -> load(p + p)).hasMessageContaining("SecurityPolicy team-a/api is defined twice");
    assertThatThrownBy(() -> load("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n"))
        .hasMessageContaining("field kind: Service (expected: SecurityPolicy, Secret or ConfigMap)");
  }

  @Test
  void duplicateApiKeyIsRejected() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: keys, namespace: team-a}
        stringData: {a: same-key, b: same-key}
        """;
    assertThatThrownBy(() -> load(secret + policy("""
        apiKeyAuth:
          credentialRefs: [{name: keys}]
          extractFrom: [{headers: [x-api-key]}]
        """))).hasMessageContaining("duplicated API key").message().doesNotContain("same-key");
  }

  @Test
  void brokenYamlNeverEchoesTheSecretAroundTheError() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: keys, namespace: team-a}
        stringData:
          client-1: "super-secret-value
          client-2: [oops
        """;
    assertThatThrownBy(() -> load(secret)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML").message().doesNotContain("super-secret");
  }

  @Test
  void brokenYamlNamesTheFile() {
    assertThatThrownBy(() -> load("kind: [unclosed")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(FILE + ": document 1: not valid YAML");
  }
}

package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import dev.attache.authz.testing.JwksServer;
import dev.attache.authz.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The example the README points at loads and means what its comments say. */
class ExampleConfigTest {
  static final Path EXAMPLE = Path.of(System.getProperty("attache.projectRoot", "."), "authz-service/examples/policies.yaml");

  @Test
  void exampleLoadsAndWorks() throws Exception {
    Path example = Files.exists(EXAMPLE) ? EXAMPLE : Path.of("examples/policies.yaml");
    String yaml = Files.readString(example);
    String remote = "https://auth.example.com/.well-known/jwks.json";
    assertThat(yaml).contains(remote);
    // Tests never leave the machine: the example's JWKS endpoint is replaced by a loopback one.
    try (JwksServer jwks = new JwksServer(Keys.jwks(Keys.RSA));
        AuthzHarness authz = AuthzHarness.start(yaml.replace(remote, jwks.uri()))) {
      assertThat(authz.server().watcher().status().lastError()).isEmpty();
      assertThat(authz.check(Envoy.request("shop/partner-api").header("x-api-key", "123456")).upstreamHeader("x-client-id"))
          .isEqualTo("partner");
      assertThat(authz.check(Envoy.request("shop/partner-api").path("/p?api_key=change-me-mobile-key")).paramsToRemove())
          .containsExactly("api_key");
      for (String cred : new String[] {"alice:password", "bob:secret"}) {
        String h = "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8));
        assertThat(authz.check(Envoy.request("shop/admin").header("authorization", h)).allowed()).as(cred).isTrue();
      }
      assertThat(authz.check(Envoy.request("shop/orders")).status()).isEqualTo(401);
      String reader = Keys.rs256(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("https://auth.example.com")
          .audience("orders").subject("u1").claim("scope", "orders.read").build());
      assertThat(authz.check(Envoy.request("shop/orders").bearer(reader)).upstreamHeader("x-user-id")).isEqualTo("u1");
      assertThat(authz.check(Envoy.request("shop/orders").method("POST").bearer(reader)).status()).isEqualTo(403);
    }
  }
}

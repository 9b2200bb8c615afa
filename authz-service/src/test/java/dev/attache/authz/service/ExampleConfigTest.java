package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
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
    try (AuthzHarness authz = AuthzHarness.start(Files.readString(example))) {
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
    }
  }
}

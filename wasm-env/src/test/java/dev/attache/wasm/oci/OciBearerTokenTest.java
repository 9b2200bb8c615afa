package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.ImagePusher;
import dev.attache.wasm.testing.ImagePusher.Pushed;
import dev.attache.wasm.testing.RegistryProcess;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.TokenServer;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind the Docker token flow: 401 with a Bearer challenge, token from the realm. */
class OciBearerTokenTest {
  static final String USER = "robot";
  static final String PASSWORD = "t0ken-pass";
  @TempDir static Path dir;
  static TokenServer tokens;
  static RegistryProcess registry;
  static Pushed image;
  @TempDir Path cacheDir;
  WasmModules wasm;

  @BeforeAll
  static void start() {
    tokens = TokenServer.start(USER, PASSWORD);
    registry = RegistryProcess.start(dir.resolve("registry"), new RegistryProcess.Token(
        tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.rootCertPem()));
    image = new ImagePusher(registry.address(), USER, PASSWORD)
        .pushCompatOci("team/filter", "v1", TestModules.withCustomSection("bearer", 32));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  @BeforeEach
  void startCache() {
    wasm = WasmFixture.start(WasmFixture.settings(cacheDir));
  }

  @AfterEach
  void stopCache() {
    wasm.close();
  }

  private CodeResolution resolve(String password) throws Exception {
    DockerConfig secret = PullSecrets.fromSecret("default", "pull", Map.of(".dockerconfigjson",
        ("{\"auths\":{\"" + registry.address() + "\":{\"username\":\"" + USER + "\",\"password\":\"" + password + "\"}}}")
            .getBytes(StandardCharsets.UTF_8)));
    return wasm.resolve("default/gateway-1", ModuleRequest.of(
        new ModuleSource.Image(ImageReference.parse(image.reference()), secret), image.manifestDigest(),
        PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/policy-1/wasm/0", "1"));
  }

  @Test
  void aTokenFromTheRealmOpensTheImage() throws Exception {
    int before = tokens.issued();

    CodeResolution r = resolve(PASSWORD);

    assertThat(r).isInstanceOf(Served.class);
    assertThat(Downloads.get(((Served) r).code().servingUrl()).body()).isEqualTo(image.module());
    // One token served the manifest and the layer.
    assertThat(tokens.issued() - before).isEqualTo(1);
  }

  @Test
  void theTokenServiceRefusingTheCredentialsFailsThePull() throws Exception {
    CodeResolution r = resolve("wrong-password");

    assertThat(r).isInstanceOf(Failed.class);
    assertThat(((Failed) r).kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(((Failed) r).message()).isEqualTo("could not fetch Wasm OCI image: could not fetch manifest: GET "
        + tokens.realm() + ": UNAUTHORIZED: invalid credentials").doesNotContain("wrong-password");
  }
}

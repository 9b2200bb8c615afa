package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.oci.PullSecrets.PullSecretException;
import dev.attache.wasm.status.WasmStatus;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.ImagePusher;
import dev.attache.wasm.testing.ImagePusher.Pushed;
import dev.attache.wasm.testing.RegistryProcess;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private images behind htpasswd (Basic) auth, opened with a dockerconfigjson pull secret. */
class OciPullSecretTest {
  static final String USER = "puller";
  static final String PASSWORD = "s3cret-Pa55";
  @TempDir static Path registryDir;
  static RegistryProcess registry;
  static Pushed image;
  @TempDir Path cacheDir;
  WasmModules wasm;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryProcess.start(registryDir, new RegistryProcess.Htpasswd(USER, PASSWORD));
    image = new ImagePusher(registry.address(), USER, PASSWORD)
        .pushArtifact("private/filter", "v1", TestModules.withCustomSection("private", 64));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void startCache() {
    wasm = WasmFixture.start(WasmFixture.settings(cacheDir));
  }

  @AfterEach
  void stopCache() {
    wasm.close();
    registry.ensureRunning(); // a test may have stopped it
  }

  static DockerConfig secret(String json) throws PullSecretException {
    return PullSecrets.fromSecret("default", "pull", Map.of(".dockerconfigjson", json.getBytes(StandardCharsets.UTF_8)));
  }

  static DockerConfig usernamePassword(String user, String password) throws PullSecretException {
    return secret("{\"auths\":{\"" + registry.address() + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}");
  }

  private CodeResolution resolve(String gateway, DockerConfig pullSecret) {
    return wasm.resolve(gateway, ModuleRequest.of(
        new ModuleSource.Image(ImageReference.parse(image.reference()), pullSecret), image.manifestDigest(),
        PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/policy-1/wasm/0", "1"));
  }

  @Test
  void theRightPullSecretOpensThePrivateImage() throws Exception {
    CodeResolution r = resolve("default/gateway-1", usernamePassword(USER, PASSWORD));

    assertThat(r).isInstanceOf(Served.class);
    assertThat(Downloads.get(((Served) r).code().servingUrl()).body()).isEqualTo(image.module());
  }

  @Test
  void theBase64AuthFieldWorksAsTheDockerCliWritesIt() throws Exception {
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    DockerConfig config = secret("{\"auths\":{\"http://" + registry.address() + "/v1/\":{\"auth\":\"" + auth + "\"}}}");

    assertThat(resolve("default/gateway-1", config)).isInstanceOf(Served.class);
  }

  @Test
  void withoutAPullSecretThePrivateImageIsRefused() {
    CodeResolution r = resolve("default/gateway-1", null);

    assertThat(r).isEqualTo(new Failed(Kind.UNAUTHORIZED, "could not fetch Wasm OCI image: could not fetch manifest: GET http://"
        + registry.address() + "/v2/private/filter/manifests/v1: UNAUTHORIZED: authentication required"));
  }

  @Test
  void aWrongPasswordIsRefusedAndNeverShown() throws Exception {
    CodeResolution r = resolve("default/gateway-1", usernamePassword(USER, "not-the-password"));

    assertThat(r).isInstanceOf(Failed.class);
    assertThat(((Failed) r).kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(((Failed) r).message()).contains("UNAUTHORIZED").doesNotContain("not-the-password");
  }

  @Test
  void aCachedPrivateModuleIsNotHandedToAPolicyWithoutTheRightSecret() throws Exception {
    assertThat(resolve("default/gateway-1", usernamePassword(USER, PASSWORD))).isInstanceOf(Served.class);

    CodeResolution anonymous = resolve("other/gateway-2", null);
    CodeResolution wrong = resolve("other/gateway-2", usernamePassword(USER, "guess"));
    CodeResolution right = resolve("other/gateway-2", usernamePassword(USER, PASSWORD));

    assertThat(anonymous).isInstanceOf(Failed.class);
    assertThat(((Failed) anonymous).kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(wrong).isInstanceOf(Failed.class);
    assertThat(right).isInstanceOf(Served.class);
  }

  @Test
  void aPullSecretAlreadyCheckedKeepsWorkingWhileTheRegistryIsDown() throws Exception {
    assertThat(resolve("default/gateway-1", usernamePassword(USER, PASSWORD))).isInstanceOf(Served.class);
    registry.stop();

    CodeResolution sameSecret = resolve("other/gateway-2", usernamePassword(USER, PASSWORD));
    CodeResolution unknownSecret = resolve("other/gateway-2", usernamePassword(USER, "guess"));

    assertThat(sameSecret).isInstanceOf(Served.class);
    assertThat(Downloads.get(((Served) sameSecret).code().servingUrl()).body()).isEqualTo(image.module());
    // A secret never checked cannot be vouched for while the registry is away.
    assertThat(unknownSecret).isInstanceOf(Failed.class);
    assertThat(((Failed) unknownSecret).kind()).isEqualTo(Kind.UNREACHABLE);
  }

  @Test
  void aMissingSecretGetsEnvoyGatewaysStatusMessage() {
    assertThatThrownBy(() -> PullSecrets.fromSecret("default", "my-pull-secret-1", null))
        .isInstanceOf(PullSecretException.class)
        .hasMessage("secret default/my-pull-secret-1 does not exist");
    assertThat(WasmStatus.invalid(List.of("secret default/my-pull-secret-1 does not exist")).message())
        .isEqualTo("Wasm: secret default/my-pull-secret-1 does not exist.");
  }

  @Test
  void aSecretWithoutDockerConfigJsonIsRejected() {
    assertThatThrownBy(() -> PullSecrets.fromSecret("default", "opaque", Map.of("token", new byte[] {1})))
        .hasMessage("missing .dockerconfigjson key in secret default/opaque");
  }

  @Test
  void anUnparseableDockerConfigIsRejectedWithoutQuotingIt() {
    assertThatThrownBy(() -> secret("{\"auths\": {\"r\": {\"password\": hunter2}}}"))
        .isInstanceOf(PullSecretException.class)
        .hasMessageStartingWith("invalid .dockerconfigjson in secret default/pull: not valid JSON")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aDigestPinnedImageIsCheckedBeforeItsLayersAreFetched() throws Exception {
    Sha256 other = Sha256.of(TestModules.empty());
    CodeResolution r = wasm.resolve("default/gateway-1", ModuleRequest.of(
        new ModuleSource.Image(ImageReference.parse(image.reference()), usernamePassword(USER, PASSWORD)), other,
        PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/policy-1/wasm/0", "1"));

    assertThat(((Failed) r).kind()).isEqualTo(Kind.CHECKSUM_MISMATCH);
  }
}

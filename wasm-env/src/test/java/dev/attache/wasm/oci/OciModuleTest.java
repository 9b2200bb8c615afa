package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.CodeResolution.Stale;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.status.WasmStatus;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.ImagePusher;
import dev.attache.wasm.testing.ImagePusher.Pushed;
import dev.attache.wasm.testing.RegistryProcess;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules with {@code code.type: Image}, pulled from a real registry the test pushes to. */
class OciModuleTest {
  @TempDir static Path registryDir;
  static RegistryProcess registry;
  static ImagePusher pusher;
  @TempDir Path cacheDir;
  WasmModules wasm;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryProcess.start(registryDir, new RegistryProcess.NoAuth());
    pusher = new ImagePusher(registry.address());
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
    if (registry != null) {
      registry.ensureRunning(); // a test may have stopped it
    }
  }

  private CodeResolution resolve(String image, Sha256 sha, PullPolicy policy, String version) {
    return wasm.resolve("default/gateway-1", ModuleRequest.of(
        new ModuleSource.Image(ImageReference.parse(image), null), sha, policy,
        "envoyextensionpolicy/default/policy-1/wasm/0", version));
  }

  private static void assertServes(CodeResolution r, byte[] module) {
    assertThat(r).isInstanceOf(Served.class);
    Served served = (Served) r;
    // Envoy checks the module's own digest, not the image's.
    assertThat(served.code().sha256()).isEqualTo(Sha256.of(module));
    Downloads.Result download = Downloads.get(served.code().servingUrl());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(module);
  }

  @Test
  void artifactImageWithTheRightDigestIsServed() {
    Pushed p = pusher.pushArtifact("filters/artifact", "v1", TestModules.withCustomSection("artifact", 100));

    CodeResolution r = resolve("oci://" + p.reference(), p.manifestDigest(), PullPolicy.UNSPECIFIED, "1");

    assertServes(r, p.module());
    assertThat(((Served) r).code().originalUrl()).isEqualTo("oci://" + p.reference());
  }

  @Test
  void compatOciImageIsServed() {
    Pushed p = pusher.pushCompatOci("filters/compat", "v1", TestModules.withCustomSection("compat", 50));

    assertServes(resolve(p.reference(), p.manifestDigest(), PullPolicy.UNSPECIFIED, "1"), p.module());
  }

  @Test
  void compatDockerImageIsServed() {
    Pushed p = pusher.pushCompatDocker("filters/docker", "v1", TestModules.withCustomSection("docker", 50));

    assertServes(resolve(p.reference(), p.manifestDigest(), PullPolicy.UNSPECIFIED, "1"), p.module());
  }

  @Test
  void imageNamedByDigestIsServedWithoutASha256Field() {
    Pushed p = pusher.pushArtifact("filters/pinned", "v1", TestModules.withCustomSection("pinned", 10));

    CodeResolution r = resolve(registry.address() + "/filters/pinned@" + p.manifestDigest().ociDigest(),
        null, PullPolicy.UNSPECIFIED, "1");

    assertServes(r, p.module());
  }

  @Test
  void indexResolvesToItsLinuxAmd64Image() {
    Pushed image = pusher.pushArtifact("filters/multi", "single", TestModules.withCustomSection("multi", 10));
    Pushed index = pusher.pushIndex("filters/multi", "v1", image);

    assertServes(resolve(index.reference(), image.manifestDigest(), PullPolicy.UNSPECIFIED, "1"), image.module());
  }

  @Test
  void imageWithTheWrongDigestIsRejectedWithAStatusMessage() {
    Pushed p = pusher.pushArtifact("filters/wrong", "v1", TestModules.withCustomSection("wrong", 10));
    Sha256 expected = Sha256.of(TestModules.empty());

    CodeResolution r = resolve("oci://" + p.reference(), expected, PullPolicy.UNSPECIFIED, "1");

    String message = "module downloaded from oci://" + p.reference() + " has checksum " + p.manifestDigest()
        + ", which does not match: " + expected;
    assertThat(r).isEqualTo(new Failed(Kind.CHECKSUM_MISMATCH, message));
    assertThat(WasmStatus.invalid(List.of(message)).message()).isEqualTo("Wasm: " + message + ".");
    assertThat(wasm.cache().store().count()).isZero();
  }

  @Test
  void registryStoppedKeepsServingTheCachedModuleAndReportsIt() {
    Pushed p = pusher.pushArtifact("filters/kept", "v1", TestModules.withCustomSection("kept", 10));
    Served before = (Served) resolve(p.reference(), null, PullPolicy.ALWAYS, "1");
    registry.stop();

    CodeResolution ifNotPresent = resolve(p.reference(), null, PullPolicy.IF_NOT_PRESENT, "1");
    CodeResolution always = resolve(p.reference(), null, PullPolicy.ALWAYS, "2");

    assertThat(ifNotPresent).isEqualTo(before);
    assertThat(always).isInstanceOf(Stale.class);
    Stale stale = (Stale) always;
    assertThat(stale.code()).isEqualTo(before.code());
    assertThat(stale.problem()).isEqualTo("could not fetch Wasm OCI image: could not fetch manifest: Get \"http://"
        + registry.address() + "/v2/filters/kept/manifests/v1\": connect: connection refused");
    assertThat(WasmStatus.stale(List.of(stale.problem())).reason()).isEqualTo("WasmModuleStale");
    assertThat(Downloads.get(stale.code().servingUrl()).body()).isEqualTo(p.module());
  }

  @Test
  void latestTagIsCheckedAgainByDefault() {
    Pushed v1 = pusher.pushArtifact("filters/moving", "latest", TestModules.withCustomSection("one", 10));
    assertServes(resolve(v1.reference(), null, PullPolicy.UNSPECIFIED, "1"), v1.module());
    Pushed v2 = pusher.pushArtifact("filters/moving", "latest", TestModules.withCustomSection("two", 10));

    assertServes(resolve(v2.reference(), null, PullPolicy.UNSPECIFIED, "2"), v2.module());
  }

  @Test
  void unknownTagFailsWithTheRegistrysError() {
    CodeResolution r = resolve(registry.address() + "/filters/none:nope", null, PullPolicy.UNSPECIFIED, "1");

    assertThat(r).isEqualTo(new Failed(Kind.INVALID_IMAGE, "could not fetch Wasm OCI image: could not fetch manifest: GET http://"
        + registry.address() + "/v2/filters/none/manifests/nope: MANIFEST_UNKNOWN: manifest unknown"));
  }

  @Test
  void imageWithoutAWasmLayerIsRejected() {
    Pushed p = pusher.pushWithoutModule("filters/empty", "v1");

    CodeResolution r = resolve(p.reference(), null, PullPolicy.UNSPECIFIED, "1");

    assertThat(r).isEqualTo(new Failed(Kind.INVALID_IMAGE, "could not fetch Wasm binary: the given image is in invalid"
        + " format as an OCI image: could not parse as compat variant: plugin.wasm not found in the archive\n"
        + "could not parse as oci variant: number of layers must be 2 but got 1"));
  }
}

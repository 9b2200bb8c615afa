package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.wasm.digest.Sha256;
import org.junit.jupiter.api.Test;

/** References are read as go-containerregistry (and so Envoy Gateway) reads them. */
class ImageReferenceTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void registryPortRepositoryAndTag() {
    ImageReference r = ImageReference.parse("oci://www.example.com:8080/wasm-filter-3:v1.0.0");

    assertThat(r).isEqualTo(new ImageReference("www.example.com:8080", "wasm-filter-3", "v1.0.0", null));
    assertThat(r.name()).isEqualTo("oci://www.example.com:8080/wasm-filter-3");
    assertThat(r.reference()).isEqualTo("v1.0.0");
    assertThat(r.toString()).isEqualTo("oci://www.example.com:8080/wasm-filter-3:v1.0.0");
  }

  @Test
  void withoutTagOrDigestTheTagIsLatest() {
    ImageReference r = ImageReference.parse("registry.example.com/team/filter");

    assertThat(r.tag()).isEqualTo("latest");
    assertThat(r.latestTag()).isTrue();
  }

  @Test
  void dockerHubNamesGetTheDefaultRegistryAndLibrary() {
    assertThat(ImageReference.parse("filter:v1"))
        .isEqualTo(new ImageReference("index.docker.io", "library/filter", "v1", null));
    assertThat(ImageReference.parse("docker.io/team/filter:v1"))
        .isEqualTo(new ImageReference("index.docker.io", "team/filter", "v1", null));
    assertThat(ImageReference.parse("localhost/filter:v1").registry()).isEqualTo("localhost");
  }

  @Test
  void digestWinsOverTagForTheManifestRequest() {
    ImageReference r = ImageReference.parse("oci://r.example.com/f:v1@" + DIGEST);

    assertThat(r.digest()).isEqualTo(Sha256.parse(DIGEST));
    assertThat(r.reference()).isEqualTo(DIGEST);
    assertThat(r.latestTag()).isFalse();
  }

  @Test
  void invalidReferencesAreRejectedWithAReason() {
    assertThatThrownBy(() -> ImageReference.parse("r.example.com/Upper/case:v1"))
        .hasMessageContaining("could not parse url in image reference").hasMessageContaining("lowercase");
    assertThatThrownBy(() -> ImageReference.parse("r.example.com/f@md5:abc"))
        .hasMessageContaining("expected: digest sha256:");
    assertThatThrownBy(() -> ImageReference.parse("oci://")).hasMessageContaining("empty reference");
  }
}

package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.oci.DockerConfig;
import dev.attache.wasm.oci.ImageReference;
import java.net.URI;

/** Where a module comes from: {@code code.type: HTTP} or {@code code.type: Image}. */
public sealed interface ModuleSource {

  /** The module's identity in the cache: the URL, or the image without tag or digest. */
  String name();

  /** The URL as the policy (completed as Envoy Gateway completes it) names it. */
  String downloadUrl();

  /** {@code code.http}: a URL Envoy Gateway's cache downloads from. */
  record Http(URI url) implements ModuleSource {
    public Http {
      requireNonNull(url, "url");
    }

    @Override
    public String name() {
      return url.toString();
    }

    @Override
    public String downloadUrl() {
      return url.toString();
    }
  }

  /**
   * {@code code.image}: an OCI image, with the {@code pullSecretRef} Secret's dockerconfigjson
   * when one is named.
   *
   * @param pullSecret the parsed {@code .dockerconfigjson}, or null to pull anonymously
   */
  record Image(ImageReference reference, DockerConfig pullSecret) implements ModuleSource {
    public Image {
      requireNonNull(reference, "reference");
    }

    @Override
    public String name() {
      return reference.name();
    }

    @Override
    public String downloadUrl() {
      return reference.toString();
    }
  }
}

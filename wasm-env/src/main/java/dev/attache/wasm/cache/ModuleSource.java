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
   * @param reference the parsed reference
   * @param pullSecret the parsed {@code .dockerconfigjson}, or null to pull anonymously
   * @param url the reference as Envoy Gateway completes it ({@link #of}), which is the module's
   *     original URL in the IR and in messages
   */
  record Image(ImageReference reference, DockerConfig pullSecret, String url) implements ModuleSource {
    public Image {
      requireNonNull(reference, "reference");
      requireNonNull(url, "url");
    }

    /** An image whose URL is its normalized reference. */
    public Image(ImageReference reference, DockerConfig pullSecret) {
      this(reference, pullSecret, reference.toString());
    }

    /**
     * {@code code.image.url} completed as Envoy Gateway completes it: {@code oci://} prefixed when
     * missing, {@code :latest} appended when there is neither tag nor digest.
     *
     * @throws IllegalArgumentException when the URL is not an image reference
     */
    public static Image of(String imageUrl, DockerConfig pullSecret) {
      requireNonNull(imageUrl, "imageUrl");
      String url = imageUrl.startsWith("oci://") ? imageUrl : "oci://" + imageUrl;
      String[] parts = url.substring("oci://".length()).split(":", -1);
      boolean hasTag = parts.length > 1 && !parts[parts.length - 1].contains("/");
      if (!url.contains("@") && !hasTag) {
        url += ":latest";
      }
      return new Image(ImageReference.parse(url), pullSecret, url);
    }

    @Override
    public String name() {
      return reference.name();
    }

    @Override
    public String downloadUrl() {
      return url;
    }
  }
}

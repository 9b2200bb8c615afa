package dev.attache.wasm.oci;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI image reference, {@code [oci://]registry/repository[:tag][@sha256:digest]}, parsed the way
 * go-containerregistry (which Envoy Gateway uses) parses one: a first path component with a dot,
 * a colon or named {@code localhost} is the registry, otherwise the image lives on Docker Hub.
 *
 * @param registry {@code host[:port]}; Docker Hub is {@code index.docker.io}
 * @param repository the repository path, {@code library/} added for official Docker Hub images
 * @param tag the tag, or null when only a digest is given
 * @param digest the manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Sha256 digest) {
  public static final String DOCKER_HUB = "index.docker.io";
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  public ImageReference {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("reference: " + registry + "/" + repository
          + " (expected: a tag or a digest)");
    }
  }

  /**
   * Parses a reference; without a tag or digest the tag is {@code latest}, as Envoy Gateway
   * appends it.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static ImageReference parse(String text) {
    requireNonNull(text, "text");
    String s = text.startsWith("oci://") ? text.substring("oci://".length()) : text;
    if (s.isEmpty()) {
      throw new IllegalArgumentException("could not parse url in image reference: empty reference");
    }
    Sha256 digest = null;
    int at = s.indexOf('@');
    if (at >= 0) {
      String d = s.substring(at + 1);
      if (!d.startsWith("sha256:")) {
        throw new IllegalArgumentException("could not parse url in image reference: " + text
            + " (expected: digest sha256:<64 hex>)");
      }
      try {
        digest = Sha256.parse(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("could not parse url in image reference: " + text
            + " (expected: digest sha256:<64 hex>)", e);
      }
      s = s.substring(0, at);
    }
    String tag = null;
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon > slash) {
      tag = s.substring(colon + 1);
      s = s.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("could not parse url in image reference: " + text
            + " (expected: tag of letters, digits, '_', '.', '-')");
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    String registry = DOCKER_HUB;
    String repository = s;
    int first = s.indexOf('/');
    if (first > 0) {
      String head = s.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head.toLowerCase(Locale.ROOT);
        repository = s.substring(first + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) || registry.equals("docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
      if (!repository.contains("/")) {
        repository = "library/" + repository;
      }
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("could not parse url in image reference: " + text
          + " (expected: lowercase repository path)");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** The digest if there is one, else the tag: what goes after {@code /manifests/}. */
  public String reference() {
    return digest != null ? digest.ociDigest() : tag;
  }

  /** The image without tag or digest, {@code oci://registry/repository}: a module's cache name. */
  public String name() {
    return "oci://" + registry + "/" + repository;
  }

  /** Whether the tag is {@code latest}, which makes Envoy Gateway's default pull policy Always. */
  public boolean latestTag() {
    return digest == null && "latest".equals(tag);
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest.ociDigest() : "");
  }
}

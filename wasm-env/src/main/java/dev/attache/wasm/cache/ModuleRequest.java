package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;

/**
 * What one {@code spec.wasm[i]} of an EnvoyExtensionPolicy asks of the cache.
 *
 * @param source where the module comes from
 * @param sha256 {@code code.http.sha256} (the module's digest) or {@code code.image.sha256} (the
 *     image manifest's digest); null when the policy names none
 * @param pullPolicy {@code code.pullPolicy}
 * @param caCertificate PEM of {@code tls.caCertificateRef}, or null for the platform's trust
 * @param resourceName the policy's Wasm entry, {@code envoyextensionpolicy/<ns>/<name>/wasm/<i>}
 * @param resourceVersion the policy's {@code metadata.resourceVersion}; a change lets
 *     {@link PullPolicy#ALWAYS} fetch again
 */
public record ModuleRequest(
    ModuleSource source,
    Sha256 sha256,
    PullPolicy pullPolicy,
    byte[] caCertificate,
    String resourceName,
    String resourceVersion) {

  public ModuleRequest {
    requireNonNull(source, "source");
    requireNonNull(pullPolicy, "pullPolicy");
    requireNonNull(resourceName, "resourceName");
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
  }

  /** A request with no CA bundle. */
  public static ModuleRequest of(ModuleSource source, Sha256 sha256, PullPolicy pullPolicy,
      String resourceName, String resourceVersion) {
    return new ModuleRequest(source, sha256, pullPolicy, null, resourceName, resourceVersion);
  }

  @Override
  public String toString() {
    return "ModuleRequest[source=" + source.downloadUrl() + ", sha256=" + sha256 + ", pullPolicy="
        + pullPolicy + ", resourceName=" + resourceName + ", resourceVersion=" + resourceVersion + "]";
  }
}

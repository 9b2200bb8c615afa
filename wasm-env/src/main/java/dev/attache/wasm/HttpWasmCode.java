package dev.attache.wasm;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.net.URI;

/**
 * Where Envoy fetches a module and what it must hash to: Envoy Gateway's IR {@code httpWasmCode}
 * ({@code servingURL}, {@code originalDownloadingURL}, {@code sha256}).
 *
 * @param servingUrl the module server URL for one gateway
 * @param originalUrl the URL or image the policy names
 * @param sha256 the digest of the module's bytes (for an image, of the extracted module, not of
 *     the image)
 */
public record HttpWasmCode(URI servingUrl, String originalUrl, Sha256 sha256) {
  public HttpWasmCode {
    requireNonNull(servingUrl, "servingUrl");
    requireNonNull(originalUrl, "originalUrl");
    requireNonNull(sha256, "sha256");
  }
}

package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.nio.file.Path;

/**
 * A verified module in the cache directory, named by its sha256.
 *
 * @param sha256 the digest of the module's bytes, which Envoy checks again when it downloads it
 * @param file where it lives; the file is replaced only by an atomic move and never rewritten
 * @param size its length in bytes
 */
public record StoredModule(Sha256 sha256, Path file, long size) {
  public StoredModule {
    requireNonNull(sha256, "sha256");
    requireNonNull(file, "file");
  }
}

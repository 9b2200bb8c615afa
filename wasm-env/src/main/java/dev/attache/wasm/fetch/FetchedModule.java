package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.nio.file.Path;

/**
 * A module fetched into a temporary file that nobody serves yet. The cache verifies it and moves
 * it into place, or deletes it.
 *
 * @param file the temporary file holding the module
 * @param sha256 the digest of the file's bytes
 * @param size its length in bytes
 */
public record FetchedModule(Path file, Sha256 sha256, long size) {
  public FetchedModule {
    requireNonNull(file, "file");
    requireNonNull(sha256, "sha256");
  }
}

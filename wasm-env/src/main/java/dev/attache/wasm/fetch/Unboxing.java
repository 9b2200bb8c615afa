package dev.attache.wasm.fetch;

import dev.attache.wasm.fetch.FetchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unwraps a module served as {@code .gz}, {@code .tar} or {@code .tar.gz}, as Envoy Gateway's HTTP
 * fetcher does: a Wasm binary is returned as it is, a gzip stream is inflated, a tar archive
 * yields its first file, and anything else is left for the Wasm check to reject.
 */
final class Unboxing {
  /** A gzip quine would otherwise unwrap forever. */
  private static final int MAX_LAYERS = 4;
  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);

  private Unboxing() {}

  static FetchedModule unbox(FetchedModule fetched, Path tmpDir, long maxBytes) throws FetchException {
    FetchedModule current = fetched;
    try {
      for (int layer = 0; layer < MAX_LAYERS; layer++) {
        byte[] head = WasmBinary.head(current.file(), 512);
        if (WasmBinary.hasHeader(head)) {
          return current;
        }
        FetchedModule next;
        if (head.length > 2 && Arrays.equals(head, 0, 2, GZIP, 0, 2)) {
          try (InputStream in = ModuleFiles.gunzip(current.file())) {
            next = ModuleFiles.copy(in, tmpDir, maxBytes, "decompressed wasm module");
          }
        } else if (head.length > 262 && Arrays.equals(head, 257, 262, USTAR, 0, 5)) {
          next = firstTarEntry(current.file(), tmpDir, maxBytes);
        } else {
          return current;
        }
        Files.deleteIfExists(current.file());
        current = next;
      }
      return current;
    } catch (IOException e) {
      ModuleFiles.deleteQuietly(current.file());
      throw new FetchException(Kind.INVALID_MODULE, "could not unpack the downloaded module: " + e.getMessage(), e);
    } catch (FetchException e) {
      ModuleFiles.deleteQuietly(current.file());
      throw e;
    }
  }

  private static FetchedModule firstTarEntry(Path file, Path tmpDir, long maxBytes) throws IOException, FetchException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
      TarArchiveEntry entry = tar.getNextEntry();
      if (entry == null) {
        throw new IOException("empty tar archive");
      }
      if (entry.getSize() > maxBytes) {
        throw new FetchException(Kind.TOO_LARGE,
            "wasm module size " + entry.getSize() + " exceeds maximum size " + maxBytes);
      }
      return ModuleFiles.copy(tar, tmpDir, maxBytes, "wasm module");
    }
  }
}

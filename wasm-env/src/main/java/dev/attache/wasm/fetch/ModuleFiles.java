package dev.attache.wasm.fetch;

import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Temporary files of a pull: created in the cache's own temporary directory (so the final move
 * is atomic), hashed while written, bounded in size, deleted when a pull fails.
 */
public final class ModuleFiles {
  /** The file name the Wasm image specification's compat variant stores the module under. */
  public static final String PLUGIN_FILE = "plugin.wasm";

  private ModuleFiles() {}

  public static Path createPart(Path tmpDir) throws FetchException {
    try {
      return Files.createTempFile(tmpDir, "pull-", ".part");
    } catch (IOException e) {
      throw new FetchException(Kind.UNREACHABLE,
          "cannot create a temporary file in the module cache: " + e.getMessage(), e);
    }
  }

  public static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a stray temporary file is swept when the cache starts
    }
  }

  /** Hashes a file that already holds a module. */
  public static FetchedModule describe(Path file) throws FetchException {
    try {
      return new FetchedModule(file, Sha256.of(file), Files.size(file));
    } catch (IOException e) {
      throw new FetchException(Kind.UNREACHABLE, "cannot read the downloaded module: " + e.getMessage(), e);
    }
  }

  /** Extracts {@code plugin.wasm} (at any depth) from a tar.gz layer into a new file. */
  public static FetchedModule pluginFromTarGz(Path layer, Path tmpDir, long maxBytes) throws FetchException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = e.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.equals(PLUGIN_FILE) && e.isFile()) {
          if (e.getSize() > maxBytes) {
            throw new FetchException(Kind.TOO_LARGE,
                PLUGIN_FILE + " size " + e.getSize() + " exceeds maximum size " + maxBytes);
          }
          return copy(tar, tmpDir, maxBytes, "wasm module");
        }
      }
    } catch (IOException e) {
      throw new FetchException(Kind.INVALID_IMAGE, "could not extract wasm binary: " + e.getMessage(), e);
    }
    throw new FetchException(Kind.INVALID_IMAGE, PLUGIN_FILE + " not found in the archive");
  }

  /** Copies {@code in} to a new file under {@code tmpDir}, hashing it and stopping past {@code maxBytes}. */
  public static FetchedModule copy(InputStream in, Path tmpDir, long maxBytes, String what)
      throws IOException, FetchException {
    Path out = createPart(tmpDir);
    MessageDigest md = Sha256.newDigest();
    long size = 0;
    boolean done = false;
    try (OutputStream sink = new DigestOutputStream(Files.newOutputStream(out), md)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        size += n;
        if (size > maxBytes) {
          throw new FetchException(Kind.TOO_LARGE, what + " size exceeds maximum size " + maxBytes);
        }
        sink.write(buf, 0, n);
      }
      done = true;
    } finally {
      if (!done) {
        deleteQuietly(out);
      }
    }
    return new FetchedModule(out, Sha256.of(md), size);
  }

  static InputStream gunzip(Path file) throws IOException {
    return new GZIPInputStream(Files.newInputStream(file));
  }
}

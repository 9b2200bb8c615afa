package dev.attache.wasm.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Recognises a Wasm binary by its 8-byte header, as Envoy Gateway does before caching one. */
public final class WasmBinary {
  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

  private WasmBinary() {}

  public static boolean hasHeader(byte[] head) {
    return head.length >= 8 && Arrays.equals(head, 0, 4, MAGIC, 0, 4);
  }

  public static boolean isWasm(Path file) throws IOException {
    return hasHeader(head(file, 8));
  }

  static byte[] head(Path file, int n) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }
}

package dev.attache.wasm.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Valid Wasm modules built by the tests: the 8-byte header plus an optional custom section. */
public final class TestModules {
  private TestModules() {}

  /** The smallest valid module: {@code \0asm} and version 1. */
  public static byte[] empty() {
    return new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  }

  /**
   * A valid module of about {@code payloadBytes} + 8 bytes whose custom section (id 0) is named
   * {@code label}, so different labels give different digests.
   */
  public static byte[] withCustomSection(String label, int payloadBytes) {
    byte[] name = label.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    leb128(content, name.length);
    content.writeBytes(name);
    for (int i = 0; i < payloadBytes; i++) {
      content.write('a' + i % 26);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(empty());
    out.write(0x00);
    leb128(out, content.size());
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static void leb128(ByteArrayOutputStream out, int value) {
    int v = value;
    do {
      int b = v & 0x7f;
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }
}

package dev.attache.wasm.digest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest as Envoy Gateway writes it: 64 lowercase hex characters, no {@code sha256:}
 * prefix. Used both for Wasm modules (what Envoy verifies) and for OCI manifests (what an
 * {@code image.sha256} names).
 */
public record Sha256(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat LOWER = HexFormat.of();

  public Sha256 {
    requireNonNull(hex, "hex");
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("sha256: " + hex + " (expected: 64 lowercase hex characters)");
    }
  }

  /**
   * Parses a user-written digest; upper case and a {@code sha256:} prefix are accepted, as OCI
   * references carry one.
   */
  public static Sha256 parse(String text) {
    requireNonNull(text, "text");
    String s = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
    return new Sha256(s.toLowerCase(java.util.Locale.ROOT));
  }

  public static Sha256 of(byte[] bytes) {
    return new Sha256(LOWER.formatHex(newDigest().digest(bytes)));
  }

  public static Sha256 of(MessageDigest finished) {
    return new Sha256(LOWER.formatHex(finished.digest()));
  }

  public static Sha256 of(Path file) throws IOException {
    MessageDigest md = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return of(md);
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The OCI form, {@code sha256:<hex>}. */
  public String ociDigest() {
    return "sha256:" + hex;
  }

  @Override
  public String toString() {
    return hex;
  }
}

package dev.attache.control.xds.server;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Versions are hashes of content, never counters, so a restarted server or another replica offers
 * the same version for the same configuration and Envoy is not pushed what it already has.
 * Messages are serialized deterministically (map entries sorted) before hashing.
 */
final class ContentVersion {
  private ContentVersion() {
  }

  /** The first 16 hex digits of the SHA-256 of the messages, in order. */
  static String of(Iterable<? extends Message> messages) {
    MessageDigest sha = sha256();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      CodedOutputStream out = CodedOutputStream.newInstance(sink);
      out.useDeterministicSerialization();
      for (Message m : messages) {
        // Length-prefixed, so [a, bc] and [ab, c] differ.
        out.writeUInt32NoTag(m.getSerializedSize());
        m.writeTo(out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

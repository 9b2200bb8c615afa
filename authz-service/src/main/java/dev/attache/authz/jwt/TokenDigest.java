package dev.attache.authz.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a token, the only key the verified-token cache holds (never the token itself). */
final class TokenDigest {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private final long a;
  private final long b;
  private final long c;
  private final long d;

  private TokenDigest(byte[] digest) {
    ByteBuffer bb = ByteBuffer.wrap(digest);
    a = bb.getLong();
    b = bb.getLong();
    c = bb.getLong();
    d = bb.getLong();
  }

  static TokenDigest of(String token) {
    MessageDigest md = SHA256.get();
    md.reset();
    return new TokenDigest(md.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenDigest t && t.a == a && t.b == b && t.c == c && t.d == d;
  }

  @Override
  public int hashCode() {
    return (int) (a ^ (a >>> 32));
  }
}

package dev.attache.authz.basic;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users of an {@code .htpasswd} file: {@code {SHA}} entries as Envoy's basic_auth accepts
 * them, and bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) beyond it
 * (envoyproxy/gateway#8969). Hashes are never printed.
 */
public final class Htpasswd {
  private final Map<String, Entry> users;

  private Htpasswd(Map<String, Entry> users) {
    this.users = Map.copyOf(users);
  }

  /**
   * Parses the file text. A bad line throws {@link IllegalArgumentException} naming the line number
   * and what was expected, never the line itself (it holds a hash).
   */
  public static Htpasswd parse(String text) {
    Map<String, Entry> users = new LinkedHashMap<>();
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected user:hash");
      }
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      Entry entry;
      if (hash.startsWith("{SHA}")) {
        byte[] digest;
        try {
          digest = Base64.getDecoder().decode(hash.substring(5));
        } catch (IllegalArgumentException e) {
          digest = new byte[0];
        }
        if (digest.length != 20) {
          throw new IllegalArgumentException("line " + (i + 1) + ": {SHA} must be a base64-encoded SHA-1 (20 bytes)");
        }
        entry = new Entry(Scheme.SHA, digest);
      } else if (hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        entry = new Entry(Scheme.BCRYPT, hash.getBytes(StandardCharsets.US_ASCII));
      } else {
        throw new IllegalArgumentException("line " + (i + 1)
            + ": unsupported password hash for user " + user + " (expected: {SHA} or bcrypt $2a$, $2b$, $2y$)");
      }
      if (users.putIfAbsent(user, entry) != null) {
        throw new IllegalArgumentException("line " + (i + 1) + ": user " + user + " is listed twice");
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException("no users");
    }
    return new Htpasswd(users);
  }

  /** Whether {@code password} is the password of {@code user}. Bcrypt entries are slow by design. */
  public boolean verify(String user, String password) {
    Entry e = users.get(user);
    if (e == null) {
      return false;
    }
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    return switch (e.scheme) {
      case SHA -> MessageDigest.isEqual(sha1(pw), e.hash);
      case BCRYPT -> BCrypt.verifyer().verify(pw, e.hash).verified;
    };
  }

  public int size() {
    return users.size();
  }

  /** User names and their hash schemes, for the config dump. */
  public Map<String, String> schemes() {
    Map<String, String> out = new java.util.TreeMap<>();
    users.forEach((u, e) -> out.put(u, e.scheme == Scheme.SHA ? "{SHA}" : "bcrypt"));
    return out;
  }

  @Override
  public String toString() {
    return "Htpasswd[" + users.size() + " users]";
  }

  private static byte[] sha1(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private enum Scheme {
    SHA,
    BCRYPT
  }

  private record Entry(Scheme scheme, byte[] hash) {}
}

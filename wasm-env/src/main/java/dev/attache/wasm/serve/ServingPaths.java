package dev.attache.wasm.serve;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Download paths nobody can guess: an HMAC-SHA256, under a secret key, of the gateway the module
 * is published for, the module's original URL and its digest. Envoy Gateway salts a hash of the
 * URL for the same purpose; keying the gateway in too means a gateway's configuration only ever
 * holds paths for modules its own policies name, and a path seen in one gateway's config opens
 * nothing for another.
 *
 * <p>Replicas of the control plane that share a key publish the same paths, so any replica can
 * answer an Envoy that learnt its configuration from another.
 */
public final class ServingPaths {
  private static final int MIN_KEY_BYTES = 16;
  private static final String CONTEXT = "attache.dev/wasm-module-path/v1";

  private final byte[] key;

  private ServingPaths(byte[] key) {
    this.key = key;
  }

  /** Paths keyed by a fresh random key, private to this process. */
  public static ServingPaths random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new ServingPaths(k);
  }

  /** Paths keyed by {@code key} (at least 16 bytes), shared by replicas that must agree. */
  public static ServingPaths withKey(byte[] key) {
    requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("key: " + key.length + " bytes (expected: >= " + MIN_KEY_BYTES + ")");
    }
    return new ServingPaths(Arrays.copyOf(key, key.length));
  }

  /** The path (no leading slash) of a module published for {@code gateway}. */
  public String pathFor(String gateway, String originalUrl, Sha256 sha256) {
    requireNonNull(gateway, "gateway");
    requireNonNull(originalUrl, "originalUrl");
    requireNonNull(sha256, "sha256");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      // Length-prefixed fields: no two different triples can produce the same input.
      for (String field : new String[] {CONTEXT, gateway, originalUrl, sha256.hex()}) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        mac.update(b);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal()) + ".wasm";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "ServingPaths[key=<redacted>]";
  }
}

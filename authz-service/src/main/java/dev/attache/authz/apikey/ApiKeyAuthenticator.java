package dev.attache.authz.apikey;

import dev.attache.authz.policy.ApiKeyAuthSpec;
import dev.attache.authz.policy.ApiKeyAuthSpec.KeySource;
import dev.attache.authz.request.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.apiKeyAuth} as Envoy's api_key_auth filter applies it: the first key source that
 * holds a non-empty value gives the key ({@code "Bearer "} stripped from headers), and the key
 * must belong to a client. Keys are held only as SHA-256 digests; the presented key is hashed and
 * compared in constant time with the digest that shares its hash bucket.
 */
public final class ApiKeyAuthenticator {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private final ApiKeyAuthSpec spec;
  private final Map<DigestKey, String> clients;

  /** What checking a request gave. */
  public sealed interface Result {
    /** No source held a key. */
    record Missing() implements Result {}

    /** A key was found but belongs to no client. */
    record Unknown() implements Result {}

    /** The key of {@code clientId}, found in {@code source}. */
    record Client(String clientId, KeySource source) implements Result {}
  }

  private static final Result MISSING = new Result.Missing();
  private static final Result UNKNOWN = new Result.Unknown();

  public ApiKeyAuthenticator(ApiKeyAuthSpec spec) {
    this.spec = spec;
    Map<DigestKey, String> m = new HashMap<>();
    for (ApiKeyAuthSpec.Credential c : spec.credentials()) {
      m.put(new DigestKey(c.keyDigest()), c.clientId());
    }
    this.clients = Map.copyOf(m);
  }

  public ApiKeyAuthSpec spec() {
    return spec;
  }

  public Result check(HttpRequest request) {
    for (KeySource source : spec.extractFrom()) {
      String key = switch (source) {
        case KeySource.Header h -> {
          String v = request.header(h.name());
          yield v != null && v.startsWith("Bearer ") ? v.substring(7) : v;
        }
        case KeySource.Param p -> {
          List<String> vs = request.params(p.name());
          yield vs.isEmpty() ? null : vs.getFirst();
        }
        case KeySource.Cookie c -> request.cookie(c.name());
      };
      if (key == null || key.isEmpty()) {
        continue;
      }
      MessageDigest md = SHA256.get();
      md.reset();
      String client = clients.get(new DigestKey(md.digest(key.getBytes(StandardCharsets.UTF_8))));
      return client == null ? UNKNOWN : new Result.Client(client, source);
    }
    return MISSING;
  }

  /** A digest whose equality is decided by {@link MessageDigest#isEqual}, which takes constant time. */
  private static final class DigestKey {
    private final byte[] digest;
    private final int hash;

    DigestKey(byte[] digest) {
      this.digest = digest;
      this.hash = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | digest[3] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DigestKey d && MessageDigest.isEqual(d.digest, digest);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

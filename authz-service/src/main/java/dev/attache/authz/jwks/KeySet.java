package dev.attache.authz.jwks;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One immutable generation of keys from a JWKS. Keys marked {@code use: enc} are dropped: they
 * may never verify a signature.
 */
public final class KeySet {
  private final List<JWK> keys;
  private final Instant loadedAt;
  // By position: a JWK's own hashCode walks every field, which would cost more than the lookup saves.
  private final java.util.concurrent.atomic.AtomicReferenceArray<Object> prepared;

  private KeySet(List<JWK> keys, Instant loadedAt) {
    this.keys = List.copyOf(keys);
    this.prepared = new java.util.concurrent.atomic.AtomicReferenceArray<>(this.keys.size());
    this.loadedAt = requireNonNull(loadedAt, "loadedAt");
  }

  /** Parses JWKS JSON; throws {@link ParseException} when it is not one. */
  public static KeySet parse(String json, Instant now) throws ParseException {
    JWKSet set = JWKSet.parse(json);
    List<JWK> keys = new ArrayList<>();
    for (JWK k : set.getKeys()) {
      if (KeyUse.ENCRYPTION.equals(k.getKeyUse())) {
        continue;
      }
      keys.add(k);
    }
    return new KeySet(keys, now);
  }

  public List<JWK> keys() {
    return keys;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  public int size() {
    return keys.size();
  }

  /** Whether some key carries this {@code kid}. */
  public boolean hasKid(String kid) {
    for (JWK k : keys) {
      if (Objects.equals(kid, k.getKeyID())) {
        return true;
      }
    }
    return false;
  }

  /** Keys with this {@code kid}, or every key when {@code kid} is null. */
  public List<JWK> withKid(String kid) {
    if (kid == null) {
      return keys;
    }
    List<JWK> out = new ArrayList<>(1);
    for (JWK k : keys) {
      if (kid.equals(k.getKeyID())) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * A verifier prepared once per key of this generation (decoding a JWK into a JCA key costs more
   * than some verifications); {@code make} runs at most a few times under contention.
   */
  public Object prepared(JWK key, java.util.function.Function<JWK, Object> make) {
    int i = 0;
    while (i < keys.size() && keys.get(i) != key) {
      i++;
    }
    if (i == keys.size()) {
      return make.apply(key);
    }
    Object v = prepared.get(i);
    if (v == null) {
      v = make.apply(key);
      prepared.set(i, v);
    }
    return v;
  }
}

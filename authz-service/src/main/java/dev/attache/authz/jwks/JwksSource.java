package dev.attache.authz.jwks;

import java.util.concurrent.CompletableFuture;

/** Where a JWT provider's keys come from: inline or a ConfigMap, or a remote JWKS endpoint. */
public interface JwksSource {

  /** The live keys, or null when none have been loaded yet. */
  KeySet current();

  /**
   * Keys for a token whose {@code kid} is unknown, or for a first request that arrives before the
   * first fetch completes: a remote source refetches at most once per
   * {@code failedRefetchDuration}; otherwise the future completes at once with the current keys.
   * The future never fails; it may complete with null.
   */
  CompletableFuture<KeySet> refresh();

  /** An inline JWKS: fixed keys, nothing to fetch. */
  static JwksSource fixed(KeySet keys) {
    CompletableFuture<KeySet> done = CompletableFuture.completedFuture(keys);
    return new JwksSource() {
      @Override
      public KeySet current() {
        return keys;
      }

      @Override
      public CompletableFuture<KeySet> refresh() {
        return done;
      }
    };
  }
}

package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.fetch.FetchSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the module cache. Defaults follow Envoy Gateway: 1 GiB of modules, a source that
 * failed more than 10 times in a row is left alone for an hour, a private image's pull secret is
 * checked again after an hour.
 *
 * @param dir the cache directory (Envoy Gateway: {@code /var/lib/eg/wasm} on Kubernetes)
 * @param maxBytes the most the cached modules may weigh together
 * @param fetch timeouts, size limit and retries of each pull
 * @param maxFailedAttempts failures in a row after which a source is not tried again for a while
 * @param failedAttemptResetDelay how long a source that failed too often is left alone
 * @param permissionExpiry how long a successful pull-secret check of a private image holds
 */
public record CacheSettings(
    Path dir,
    long maxBytes,
    FetchSettings fetch,
    int maxFailedAttempts,
    Duration failedAttemptResetDelay,
    Duration permissionExpiry) {

  public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

  public CacheSettings {
    requireNonNull(dir, "dir");
    requireNonNull(fetch, "fetch");
    requireNonNull(failedAttemptResetDelay, "failedAttemptResetDelay");
    requireNonNull(permissionExpiry, "permissionExpiry");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    if (maxFailedAttempts < 1) {
      throw new IllegalArgumentException("maxFailedAttempts: " + maxFailedAttempts + " (expected: >= 1)");
    }
  }

  public static CacheSettings defaults(Path dir) {
    return new CacheSettings(dir, DEFAULT_MAX_BYTES, FetchSettings.defaults(), 10,
        Duration.ofHours(1), Duration.ofHours(1));
  }

  public CacheSettings withMaxBytes(long bytes) {
    return new CacheSettings(dir, bytes, fetch, maxFailedAttempts, failedAttemptResetDelay, permissionExpiry);
  }

  public CacheSettings withFetch(FetchSettings f) {
    return new CacheSettings(dir, maxBytes, f, maxFailedAttempts, failedAttemptResetDelay, permissionExpiry);
  }

  public CacheSettings withFailedAttempts(int max, Duration resetDelay) {
    return new CacheSettings(dir, maxBytes, fetch, max, resetDelay, permissionExpiry);
  }

  public CacheSettings withPermissionExpiry(Duration d) {
    return new CacheSettings(dir, maxBytes, fetch, maxFailedAttempts, failedAttemptResetDelay, d);
  }
}

package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How modules are fetched: timeouts, the size limit and retries. Defaults follow Envoy Gateway's
 * Wasm cache (256 MiB modules, 5 attempts with backoff from 500 ms, 5 minutes per pull).
 *
 * @param connectTimeout time to open a TCP (and TLS) connection
 * @param readTimeout longest wait for response headers or for the next bytes of a body
 * @param pullTimeout budget for one whole pull, retries and every registry request included
 * @param maxModuleBytes largest module (and largest download) accepted
 * @param maxAttempts attempts per request when the source fails in a way worth retrying
 * @param initialBackoff wait before the second attempt; doubles up to {@code maxBackoff}
 * @param maxBackoff longest wait between attempts
 * @param insecureRegistries registries ({@code host[:port]}, or {@code *}) reached over plain HTTP
 */
public record FetchSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration pullTimeout,
    long maxModuleBytes,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Set<String> insecureRegistries) {

  public static final long DEFAULT_MAX_MODULE_BYTES = 256L * 1024 * 1024;

  public FetchSettings {
    positive("connectTimeout", connectTimeout);
    positive("readTimeout", readTimeout);
    positive("pullTimeout", pullTimeout);
    if (maxModuleBytes <= 0) {
      throw new IllegalArgumentException("maxModuleBytes: " + maxModuleBytes + " (expected: > 0)");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
    }
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("initialBackoff: " + initialBackoff + ", maxBackoff: "
          + maxBackoff + " (expected: 0 <= initialBackoff <= maxBackoff)");
    }
    insecureRegistries = Set.copyOf(insecureRegistries.stream()
        .map(r -> r.toLowerCase(Locale.ROOT)).toList());
  }

  public static FetchSettings defaults() {
    return new FetchSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(5),
        DEFAULT_MAX_MODULE_BYTES, 5, Duration.ofMillis(500), Duration.ofSeconds(60), Set.of());
  }

  public FetchSettings withConnectTimeout(Duration d) {
    return new FetchSettings(d, readTimeout, pullTimeout, maxModuleBytes, maxAttempts,
        initialBackoff, maxBackoff, insecureRegistries);
  }

  public FetchSettings withReadTimeout(Duration d) {
    return new FetchSettings(connectTimeout, d, pullTimeout, maxModuleBytes, maxAttempts,
        initialBackoff, maxBackoff, insecureRegistries);
  }

  public FetchSettings withPullTimeout(Duration d) {
    return new FetchSettings(connectTimeout, readTimeout, d, maxModuleBytes, maxAttempts,
        initialBackoff, maxBackoff, insecureRegistries);
  }

  public FetchSettings withMaxModuleBytes(long bytes) {
    return new FetchSettings(connectTimeout, readTimeout, pullTimeout, bytes, maxAttempts,
        initialBackoff, maxBackoff, insecureRegistries);
  }

  public FetchSettings withRetries(int attempts, Duration initial, Duration max) {
    return new FetchSettings(connectTimeout, readTimeout, pullTimeout, maxModuleBytes, attempts,
        initial, max, insecureRegistries);
  }

  public FetchSettings withInsecureRegistries(Set<String> registries) {
    return new FetchSettings(connectTimeout, readTimeout, pullTimeout, maxModuleBytes, maxAttempts,
        initialBackoff, maxBackoff, registries);
  }

  /** Whether {@code registry} ({@code host[:port]}) may be reached over plain HTTP. */
  public boolean allowsPlainHttp(String registry) {
    return insecureRegistries.contains("*")
        || insecureRegistries.contains(registry.toLowerCase(Locale.ROOT));
  }

  private static void positive(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
  }
}

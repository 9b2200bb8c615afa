package dev.attache.ratelimit.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How to reach one Redis deployment, from envoyproxy/ratelimit's settings ({@code REDIS_URL},
 * {@code REDIS_TYPE}, {@code REDIS_AUTH}, {@code REDIS_TLS}, {@code REDIS_TIMEOUT} … or their
 * {@code REDIS_PERSECOND_} twins).
 *
 * @param url {@code host:port}, {@code redis://host:port}, {@code rediss://host:port} or a Unix
 *     socket path; comma-separated nodes for a Cluster; {@code primary-name,sentinel1,sentinel2…}
 *     for Sentinel
 * @param auth {@code password} or {@code user:password}; empty for none. Never logged.
 * @param sentinelAuth the Sentinels' own password; empty for none. Never logged.
 * @param timeout bound on connecting and on every command
 */
public record RedisEndpoint(RedisType type, String url, String auth, boolean tls, String sentinelAuth,
    Duration timeout, RedisTls tlsFiles) {

  public RedisEndpoint {
    requireNonNull(type, "type");
    requireNonNull(url, "url");
    requireNonNull(auth, "auth");
    requireNonNull(sentinelAuth, "sentinelAuth");
    requireNonNull(timeout, "timeout");
    requireNonNull(tlsFiles, "tlsFiles");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("REDIS_TIMEOUT: " + timeout + " (expected: > 0)");
    }
  }

  public static RedisEndpoint single(String url, Duration timeout) {
    return new RedisEndpoint(RedisType.SINGLE, url, "", false, "", timeout, RedisTls.NONE);
  }

  /** The URL with credentials masked, as upstream logs it. */
  public String maskedUrl() {
    return url.replaceAll("(rediss?://)[^@,/]*@", "$1*****@");
  }

  @Override
  public String toString() {
    return "RedisEndpoint[type=" + type + ", url=" + maskedUrl() + ", auth=" + (auth.isEmpty() ? "none" : "*****")
        + ", tls=" + tls + ", timeout=" + timeout + "]";
  }
}

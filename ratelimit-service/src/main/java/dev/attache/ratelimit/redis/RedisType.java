package dev.attache.ratelimit.redis;

import java.util.Locale;

/** {@code REDIS_TYPE}: one server, a Sentinel-managed primary, or a Cluster. */
public enum RedisType {
  SINGLE, SENTINEL, CLUSTER;

  public static RedisType parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("REDIS_TYPE: '" + text + "' (expected: SINGLE, SENTINEL or CLUSTER)");
    }
  }
}

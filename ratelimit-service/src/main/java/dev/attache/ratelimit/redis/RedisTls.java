package dev.attache.ratelimit.redis;

/**
 * {@code REDIS_TLS_CACERT}, {@code REDIS_TLS_CLIENT_CERT}, {@code REDIS_TLS_CLIENT_KEY} (PEM file
 * paths, empty when unset) and {@code REDIS_TLS_SKIP_HOSTNAME_VERIFICATION}.
 */
public record RedisTls(String caCert, String clientCert, String clientKey, boolean skipHostnameVerification) {
  public static final RedisTls NONE = new RedisTls("", "", "", false);
}

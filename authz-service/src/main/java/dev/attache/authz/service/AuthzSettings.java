package dev.attache.authz.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Operator settings of the service (flags of {@code attache authz}).
 *
 * @param reasonHeader response header that carries the denial reason code, or empty for none
 * @param keyWait the longest a Check waits for a JWKS fetch it needs (first keys, unknown kid)
 * @param tokenCacheSize verified tokens cached per provider; 0 turns the cache off
 * @param jwksConnectTimeout connect timeout of JWKS fetches
 * @param jwksTimeout whole-request timeout of JWKS fetches
 * @param decisionLog write one JSON line per decision to standard output
 */
public record AuthzSettings(String reasonHeader, Duration keyWait, int tokenCacheSize,
    Duration jwksConnectTimeout, Duration jwksTimeout, boolean decisionLog) {
  public static final String DEFAULT_REASON_HEADER = "x-attache-authz-reason";

  public AuthzSettings {
    requireNonNull(reasonHeader, "reasonHeader");
    requireNonNull(keyWait, "keyWait");
    requireNonNull(jwksConnectTimeout, "jwksConnectTimeout");
    requireNonNull(jwksTimeout, "jwksTimeout");
    if (tokenCacheSize < 0) {
      throw new IllegalArgumentException("tokenCacheSize: " + tokenCacheSize + " (expected: >= 0)");
    }
    reasonHeader = reasonHeader.toLowerCase(java.util.Locale.ROOT);
  }

  public static AuthzSettings defaults() {
    return new AuthzSettings(DEFAULT_REASON_HEADER, Duration.ofMillis(500), 100_000,
        Duration.ofSeconds(2), Duration.ofSeconds(5), false);
  }

  public AuthzSettings withReasonHeader(String h) {
    return new AuthzSettings(h, keyWait, tokenCacheSize, jwksConnectTimeout, jwksTimeout, decisionLog);
  }

  public AuthzSettings withDecisionLog(boolean on) {
    return new AuthzSettings(reasonHeader, keyWait, tokenCacheSize, jwksConnectTimeout, jwksTimeout, on);
  }

  public AuthzSettings withTokenCacheSize(int n) {
    return new AuthzSettings(reasonHeader, keyWait, n, jwksConnectTimeout, jwksTimeout, decisionLog);
  }

  public AuthzSettings withKeyWait(Duration d) {
    return new AuthzSettings(reasonHeader, d, tokenCacheSize, jwksConnectTimeout, jwksTimeout, decisionLog);
  }
}

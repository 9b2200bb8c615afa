package dev.attache.authz.jwt;

import dev.attache.authz.decision.Decision.Header;
import dev.attache.authz.jwks.KeySet;
import java.util.List;

/**
 * A token that verified: its claims, the headers its provider's {@code claimToHeaders} add, and
 * when it stops being valid. Cached by the digest of the token until then.
 *
 * @param expiresAtMillis the {@code exp} claim in milliseconds, or {@link Long#MAX_VALUE}
 * @param keys the key generation that verified it; a cached result is reused only with the same keys
 */
public record VerifiedToken(String provider, Claims claims, List<Header> headers, long expiresAtMillis, KeySet keys) {}

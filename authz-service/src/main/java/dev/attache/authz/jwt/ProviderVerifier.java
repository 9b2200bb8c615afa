package dev.attache.authz.jwt;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWK;
import dev.attache.authz.decision.Decision.Header;
import dev.attache.authz.decision.Reason;
import dev.attache.authz.jwks.JwksSource;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.policy.JwtSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Verifies tokens for one JWT provider as jwt_authn does: issuer, {@code nbf} and {@code exp}
 * with 60 s of clock skew, audiences, then the signature with a JWKS key that has the token's
 * {@code kid} and fits its algorithm. Verified tokens are cached by their SHA-256 digest until
 * their {@code exp} (at most {@link #MAX_CACHE_TTL}), and only for the key generation that
 * verified them. Everything is prepared when the policy loads.
 */
public final class ProviderVerifier {
  static final long CLOCK_SKEW_SECONDS = 60;
  static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);
  private static final CompletableFuture<TokenResult> UNAVAILABLE = CompletableFuture.completedFuture(
      new TokenResult.Failed(JwtFailure.of(Reason.JWKS_UNAVAILABLE, "Jwks remote fetch is failed")));

  private final JwtSpec.Provider spec;
  private final JwksSource jwks;
  private final Clock clock;
  private final ParsedToken.Limits limits;
  private final ObjectMapper json;
  private final Set<String> audiences;
  private final List<ClaimHeader> claimHeaders;
  private final Duration keyWait;
  private final Cache<TokenDigest, VerifiedToken> cache;

  private record ClaimHeader(String header, List<String> path) {}

  public ProviderVerifier(JwtSpec.Provider spec, JwksSource jwks, Clock clock, Duration keyWait, int cacheSize) {
    this(spec, jwks, clock, keyWait, cacheSize, ParsedToken.Limits.DEFAULT);
  }

  ProviderVerifier(JwtSpec.Provider spec, JwksSource jwks, Clock clock, Duration keyWait, int cacheSize,
      ParsedToken.Limits limits) {
    this.spec = requireNonNull(spec, "spec");
    this.jwks = requireNonNull(jwks, "jwks");
    this.clock = requireNonNull(clock, "clock");
    this.keyWait = requireNonNull(keyWait, "keyWait");
    this.limits = limits;
    this.json = ParsedToken.mapper(limits);
    this.audiences = Set.copyOf(spec.audiences());
    List<ClaimHeader> ch = new ArrayList<>();
    for (JwtSpec.ClaimToHeader c : spec.claimToHeaders()) {
      ch.add(new ClaimHeader(c.header().toLowerCase(java.util.Locale.ROOT), List.of(c.claim().split("\\.", -1))));
    }
    this.claimHeaders = List.copyOf(ch);
    Clock c = clock;
    this.cache = cacheSize <= 0 ? null : Caffeine.newBuilder()
        .maximumSize(cacheSize)
        .expireAfter(Expiry.<TokenDigest, VerifiedToken>creating((k, v) -> {
          long left = Math.min(v.expiresAtMillis() - c.millis(), MAX_CACHE_TTL.toMillis());
          return Duration.ofMillis(Math.max(0, left));
        }))
        .build();
  }

  public String name() {
    return spec.name();
  }

  public JwtSpec.Provider spec() {
    return spec;
  }

  /** Verifies one token; completes at once unless keys must be fetched first (bounded by the key wait). */
  public CompletableFuture<TokenResult> verify(String token) {
    if (token.length() > limits.maxTokenBytes()) {
      return failed(Reason.JWT_TOO_LARGE, "Jwt is larger than " + limits.maxTokenBytes() + " bytes");
    }
    TokenDigest digest = null;
    if (cache != null) {
      digest = TokenDigest.of(token);
      VerifiedToken hit = cache.getIfPresent(digest);
      if (hit != null && hit.keys() == jwks.current() && hit.expiresAtMillis() > clock.millis()) {
        return CompletableFuture.completedFuture(new TokenResult.Ok(hit));
      }
    }
    ParsedToken parsed;
    try {
      parsed = ParsedToken.parse(token, limits, json);
    } catch (ParsedToken.Invalid e) {
      return CompletableFuture.completedFuture(new TokenResult.Failed(e.failure));
    }
    JwtFailure claimsFailure = checkClaims(parsed);
    if (claimsFailure != null) {
      return CompletableFuture.completedFuture(new TokenResult.Failed(claimsFailure));
    }
    KeySet keys = jwks.current();
    TokenDigest d = digest;
    if (keys == null) {
      // Before the first fetch has finished: wait for it, bounded, off the transport thread.
      return waitForKeys().thenApply(k -> k == null ? UNAVAILABLE.join() : withKeys(parsed, k, false, d));
    }
    if (parsed.kid() != null && !keys.hasKid(parsed.kid())) {
      return waitForKeys().thenApply(k -> k == null ? UNAVAILABLE.join() : withKeys(parsed, k, true, d));
    }
    return CompletableFuture.completedFuture(withKeys(parsed, keys, false, d));
  }

  private CompletableFuture<KeySet> waitForKeys() {
    return jwks.refresh().copy().completeOnTimeout(jwks.current(), keyWait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private TokenResult withKeys(ParsedToken parsed, KeySet keys, boolean refetched, TokenDigest digest) {
    if (parsed.kid() != null && !keys.hasKid(parsed.kid())) {
      return new TokenResult.Failed(JwtFailure.of(Reason.JWT_UNKNOWN_KID,
          "Jwks doesn't have key to match kid or alg from Jwt"));
    }
    boolean anyFits = false;
    for (JWK key : keys.withKid(parsed.kid())) {
      if (!Algorithms.fits(parsed.alg(), key)) {
        continue;
      }
      anyFits = true;
      if (Algorithms.verify(parsed.alg(), key, keys, parsed.signingInput(), parsed.signature())) {
        VerifiedToken v = verified(parsed, keys);
        if (digest != null) {
          cache.put(digest, v);
        }
        return new TokenResult.Ok(v);
      }
    }
    if (!anyFits) {
      return new TokenResult.Failed(JwtFailure.of(Reason.JWT_UNKNOWN_KID,
          "Jwks doesn't have key to match kid or alg from Jwt"));
    }
    return new TokenResult.Failed(JwtFailure.of(Reason.JWT_BAD_SIGNATURE, "Jwt verification fails"));
  }

  private VerifiedToken verified(ParsedToken parsed, KeySet keys) {
    Claims claims = new Claims(parsed.claims());
    List<Header> headers = new ArrayList<>(claimHeaders.size());
    for (ClaimHeader ch : claimHeaders) {
      String v = claims.headerValue(ch.path());
      if (v != null) {
        headers.add(new Header(ch.header(), v));
      }
    }
    JsonNode exp = parsed.claims().get("exp");
    long expMillis = exp == null ? Long.MAX_VALUE : Math.multiplyExact(exp.asLong(), 1000L);
    return new VerifiedToken(spec.name(), claims, List.copyOf(headers), expMillis, keys);
  }

  /** The claim checks of jwt_authn, in its order; null when they pass. */
  private JwtFailure checkClaims(ParsedToken t) {
    JsonNode iss = t.claims().get("iss");
    if (iss != null && !iss.isTextual()) {
      return JwtFailure.of(Reason.JWT_INVALID, "Jwt payload [iss] field is not a string");
    }
    Long nbf;
    Long exp;
    try {
      nbf = time(t, "nbf");
      exp = time(t, "exp");
      time(t, "iat");
    } catch (IllegalArgumentException e) {
      return JwtFailure.of(Reason.JWT_INVALID, e.getMessage());
    }
    JsonNode aud = t.claims().get("aud");
    if (aud != null && !aud.isTextual() && !(aud.isArray() && allText(aud))) {
      return JwtFailure.of(Reason.JWT_INVALID, "Jwt payload [aud] field is not a string or string list");
    }
    if (!spec.issuer().isEmpty() && (iss == null || !spec.issuer().equals(iss.textValue()))) {
      return JwtFailure.of(Reason.JWT_UNKNOWN_ISSUER, "Jwt issuer is not configured");
    }
    long now = clock.millis() / 1000;
    if (nbf != null && nbf > now + CLOCK_SKEW_SECONDS) {
      return JwtFailure.of(Reason.JWT_NOT_YET_VALID, "Jwt not yet valid");
    }
    if (exp != null && exp < now - CLOCK_SKEW_SECONDS) {
      return JwtFailure.of(Reason.JWT_EXPIRED, "Jwt is expired");
    }
    if (!audiences.isEmpty() && !audienceAllowed(aud)) {
      return JwtFailure.of(Reason.JWT_AUDIENCE_NOT_ALLOWED, "Audiences in Jwt are not allowed");
    }
    return null;
  }

  private boolean audienceAllowed(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return audiences.contains(aud.textValue());
    }
    for (JsonNode a : aud) {
      if (audiences.contains(a.textValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode a : array) {
      if (!a.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static Long time(ParsedToken t, String claim) {
    JsonNode n = t.claims().get(claim);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > 253402300799L) {
      throw new IllegalArgumentException("Jwt payload [" + claim + "] field is not a positive 64 bit integer");
    }
    return n.asLong();
  }

  private static CompletableFuture<TokenResult> failed(Reason reason, String message) {
    return CompletableFuture.completedFuture(new TokenResult.Failed(JwtFailure.of(reason, message)));
  }
}

package dev.attache.authz.jwt;

import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.request.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a provider's tokens in a request: the configured headers (after their prefix), cookies
 * and query parameters, or by default {@code Authorization: Bearer <token>} and the
 * {@code access_token} parameter, as jwt_authn does when no location is configured.
 */
final class TokenExtractor {
  private static final JwtSpec.Extractor DEFAULT = new JwtSpec.Extractor(
      List.of(new JwtSpec.HeaderSource("authorization", "Bearer ")), List.of(), List.of("access_token"));

  private final JwtSpec.Extractor spec;
  private final boolean isDefault;

  TokenExtractor(JwtSpec.Extractor spec) {
    this.isDefault = spec == null;
    this.spec = spec == null ? DEFAULT : spec;
  }

  /** Every distinct token found, in location order; empty when there is none. */
  List<String> extract(HttpRequest request) {
    List<String> tokens = new ArrayList<>(1);
    for (JwtSpec.HeaderSource h : spec.headers()) {
      String v = request.header(h.name());
      if (v == null) {
        continue;
      }
      String prefix = h.valuePrefix();
      if (!prefix.isEmpty()) {
        // The auth scheme is case-insensitive (RFC 9110 section 11.1) for the default Bearer.
        boolean starts = isDefault
            ? v.regionMatches(true, 0, prefix, 0, prefix.length())
            : v.startsWith(prefix);
        if (!starts) {
          continue;
        }
        v = v.substring(prefix.length());
      }
      add(tokens, v.strip());
    }
    for (String c : spec.cookies()) {
      add(tokens, request.cookie(c));
    }
    for (String p : spec.params()) {
      for (String v : request.params(p)) {
        add(tokens, v);
      }
    }
    return tokens;
  }

  private static void add(List<String> tokens, String t) {
    if (t != null && !t.isEmpty() && !tokens.contains(t)) {
      tokens.add(t);
    }
  }
}

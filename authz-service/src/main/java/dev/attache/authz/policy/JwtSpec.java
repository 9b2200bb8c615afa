package dev.attache.authz.policy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code spec.jwt}: the request passes when any provider verifies its tokens (Envoy Gateway
 * configures jwt_authn with {@code requires_any} over the providers).
 *
 * @param optional a missing token is accepted ({@code allow_missing}); an invalid one is not
 * @param failOpen a missing or invalid token is accepted ({@code allow_missing_or_failed})
 */
public record JwtSpec(boolean optional, boolean failOpen, List<Provider> providers) {
  public JwtSpec {
    providers = List.copyOf(providers);
  }

  /**
   * One {@code spec.jwt.providers[]} entry.
   *
   * @param issuer empty when the issuer is not checked
   * @param audiences empty when audiences are not checked
   * @param remoteJwks null when the keys are local
   * @param localJwks the JWKS JSON text (inline or from the ConfigMap), null when remote
   * @param extractFrom null for the default (Authorization: Bearer, then access_token)
   */
  public record Provider(
      String name,
      String issuer,
      List<String> audiences,
      RemoteJwks remoteJwks,
      String localJwks,
      List<ClaimToHeader> claimToHeaders,
      Extractor extractFrom) {
    public Provider {
      audiences = List.copyOf(audiences);
      claimToHeaders = List.copyOf(claimToHeaders);
    }
  }

  /**
   * {@code remoteJWKS}: where keys come from and how long they are kept.
   *
   * @param failedRefetchDuration how long to wait after a failed fetch, and the least time
   *     between two refetches caused by an unknown {@code kid}
   */
  public record RemoteJwks(URI uri, Duration cacheDuration, Duration failedRefetchDuration) {}

  /** {@code claimToHeaders[]}: copy claim {@code claim} (dotted path) into request header {@code header}. */
  public record ClaimToHeader(String header, String claim) {}

  /** {@code extractFrom}: where tokens are looked for. */
  public record Extractor(List<HeaderSource> headers, List<String> cookies, List<String> params) {
    public Extractor {
      headers = List.copyOf(headers);
      cookies = List.copyOf(cookies);
      params = List.copyOf(params);
    }
  }

  /** A header holding a token after an optional prefix such as {@code "Bearer "}. */
  public record HeaderSource(String name, String valuePrefix) {}
}

package dev.attache.control.gatewayapi.oidc;

import dev.attache.control.ir.TlsUpstreamConfig;
import java.time.Duration;

/**
 * Finds an OIDC provider's endpoints from its issuer's {@code /.well-known/openid-configuration}
 * document, as Envoy Gateway does when a SecurityPolicy leaves them out: transport errors and
 * 5xx answers are retried with exponential backoff for up to 5 s, 400 and 404 are final, a 200
 * must hold a JSON document naming the token and authorization endpoints.
 */
@FunctionalInterface
public interface IssuerDiscovery {
  /**
   * The issuer's endpoints.
   *
   * @param tls how to reach the issuer (from the provider's backend settings), or null
   * @throws DiscoveryException with Envoy Gateway's message when they cannot be found
   */
  OpenIdConfiguration discover(String issuer, TlsUpstreamConfig tls) throws DiscoveryException;

  /** Over the network with the JDK's HTTP client (5 s per request), answers cached briefly. */
  static IssuerDiscovery http() {
    return HttpDiscovery.SHARED;
  }

  /** Replays the answers recorded in {@code recording} (see {@link RecordedResponses}). */
  static IssuerDiscovery recorded(RecordedResponses recording) {
    return new DiscoveryRules(recording, DiscoveryRules.Sleeper.NONE, Duration.ofSeconds(5))::discover;
  }
}

package dev.attache.control.gatewayapi.oidc;

/** Issuer discovery failed; the message is Envoy Gateway's for the same failure. */
public final class DiscoveryException extends Exception {
  public DiscoveryException(String message) {
    super(message, null, false, false);
  }
}

package dev.attache.authz.jwt;

import dev.attache.authz.decision.Reason;

/**
 * A token that does not verify: the reason code and the message jwt_authn would answer with.
 * Messages describe the token, never quote it.
 */
public record JwtFailure(Reason reason, String message) {
  static JwtFailure of(Reason reason, String message) {
    return new JwtFailure(reason, message);
  }
}

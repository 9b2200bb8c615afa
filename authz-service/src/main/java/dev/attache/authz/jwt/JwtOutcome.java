package dev.attache.authz.jwt;

import java.util.List;

/** The JWT part of a decision for one request. */
public sealed interface JwtOutcome {
  /** The request may pass; {@code tokens} are the verified ones (none when a missing or bad token was tolerated). */
  record Passed(List<VerifiedToken> tokens) implements JwtOutcome {
    public Passed {
      tokens = List.copyOf(tokens);
    }
  }

  /** No provider found a token and the policy requires one. */
  record Missing() implements JwtOutcome {}

  /** A token was found but did not verify. */
  record Failed(JwtFailure failure) implements JwtOutcome {}
}

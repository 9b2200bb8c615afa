package dev.attache.authz.jwt;

/** What verifying one token gave: the verified token or why it failed. */
public sealed interface TokenResult permits TokenResult.Ok, TokenResult.Failed {
  /** The token verified. */
  record Ok(VerifiedToken token) implements TokenResult {}

  /** The token did not verify. */
  record Failed(JwtFailure failure) implements TokenResult {}
}

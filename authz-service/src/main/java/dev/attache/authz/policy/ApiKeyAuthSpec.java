package dev.attache.authz.policy;

import java.util.List;

/**
 * {@code spec.apiKeyAuth} with its credential Secrets resolved to SHA-256 digests; plaintext keys
 * are not kept after loading.
 *
 * @param forwardClientIdHeader null when the client id is not forwarded
 * @param sanitize remove the key from the request before it goes upstream
 */
public record ApiKeyAuthSpec(
    List<Credential> credentials,
    List<KeySource> extractFrom,
    String forwardClientIdHeader,
    boolean sanitize) {
  public ApiKeyAuthSpec {
    credentials = List.copyOf(credentials);
    extractFrom = List.copyOf(extractFrom);
  }

  /** A client id and the SHA-256 digest of its key. */
  public record Credential(String clientId, byte[] keyDigest) {
    @Override
    public String toString() {
      return "Credential[" + clientId + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Credential c && c.clientId.equals(clientId)
          && java.security.MessageDigest.isEqual(c.keyDigest, keyDigest);
    }

    @Override
    public int hashCode() {
      return clientId.hashCode();
    }
  }

  /** Where a key is read from, in the order the policy lists them. */
  public sealed interface KeySource {
    String name();

    /** A request header; a {@code "Bearer "} prefix is stripped as Envoy's api_key_auth does. */
    record Header(String name) implements KeySource {}

    /** A query parameter. */
    record Param(String name) implements KeySource {}

    /** A cookie. */
    record Cookie(String name) implements KeySource {}
  }
}

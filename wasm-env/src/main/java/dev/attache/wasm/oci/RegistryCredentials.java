package dev.attache.wasm.oci;

import static java.util.Objects.requireNonNull;

/**
 * What to present to a registry. The records' {@code toString} never shows a secret, so a
 * credential that reaches a log line or an exception says only what kind it is.
 */
public sealed interface RegistryCredentials {

  RegistryCredentials ANONYMOUS = new Anonymous();

  /**
   * A stable, non-reversible name for these credentials: keys cached tokens and pull-secret
   * checks without keeping the secret itself as a key.
   */
  default String fingerprint() {
    String material = switch (this) {
      case Anonymous a -> "anonymous";
      case Basic b -> "basic\0" + b.username() + "\0" + b.password();
      case IdentityToken t -> "identity\0" + t.token();
      case RegistryToken t -> "registry\0" + t.token();
    };
    return dev.attache.wasm.digest.Sha256.of(material.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
  }

  /** No credentials: anonymous pulls, or an anonymous bearer token where the registry wants one. */
  record Anonymous() implements RegistryCredentials {}

  /** A user name and password (or access token used as one), sent as Basic auth or to the token service. */
  record Basic(String username, String password) implements RegistryCredentials {
    public Basic {
      requireNonNull(username, "username");
      requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=<redacted>]";
    }
  }

  /** An OAuth2 refresh token ({@code identitytoken}) exchanged at the token service. */
  record IdentityToken(String username, String token) implements RegistryCredentials {
    public IdentityToken {
      requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "IdentityToken[<redacted>]";
    }
  }

  /** A bearer token for the registry itself ({@code registrytoken}), sent as is. */
  record RegistryToken(String token) implements RegistryCredentials {
    public RegistryToken {
      requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "RegistryToken[<redacted>]";
    }
  }
}

package dev.attache.wasm.oci;

import java.util.Map;

/**
 * Turns the Secret a {@code code.image.pullSecretRef} names into registry credentials, failing
 * with Envoy Gateway's messages.
 */
public final class PullSecrets {
  private PullSecrets() {}

  /** A pull secret that cannot be used; the message is Envoy Gateway's, without secret content. */
  public static final class PullSecretException extends Exception {
    private static final long serialVersionUID = 1L;

    PullSecretException(String message) {
      super(message);
    }
  }

  /**
   * Reads the {@code .dockerconfigjson} of Secret {@code namespace/name}.
   *
   * @param data the Secret's {@code data}, or null when the Secret does not exist
   */
  public static DockerConfig fromSecret(String namespace, String name, Map<String, byte[]> data)
      throws PullSecretException {
    if (data == null) {
      throw new PullSecretException("secret " + namespace + "/" + name + " does not exist");
    }
    byte[] json = data.get(DockerConfig.SECRET_KEY);
    if (json == null) {
      throw new PullSecretException("missing " + DockerConfig.SECRET_KEY + " key in secret " + namespace + "/" + name);
    }
    try {
      return DockerConfig.parse(json);
    } catch (IllegalArgumentException e) {
      throw new PullSecretException("invalid " + DockerConfig.SECRET_KEY + " in secret " + namespace + "/" + name
          + ": " + e.getMessage());
    }
  }
}

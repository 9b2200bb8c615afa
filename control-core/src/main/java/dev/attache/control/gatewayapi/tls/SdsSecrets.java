package dev.attache.control.gatewayapi.tls;

import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.ir.SdsConfig;
import dev.attache.control.resource.core.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Secrets of type {@code gateway.envoyproxy.io/sds}: a reference to a certificate an external
 * SDS server serves, given by the keys {@code secretName} and {@code url} (a Unix socket,
 * {@code unix:///absolute/path} or {@code unix://./relative/path}). As Envoy Gateway's
 * {@code NewSDSConfig}.
 */
public final class SdsSecrets {
  public static final String TYPE = "gateway.envoyproxy.io/sds";

  private SdsSecrets() {}

  /** A Secret that is not a valid SDS reference. */
  public static final class InvalidSdsSecretException extends Exception {
    InvalidSdsSecretException(String message) {
      super(message, null, false, false);
    }
  }

  /** What is wrong with an SDS reference Secret, or null. */
  public static String error(Secret secret) {
    try {
      config(secret);
      return null;
    } catch (InvalidSdsSecretException e) {
      return e.getMessage();
    }
  }

  public static SdsConfig config(Secret secret) throws InvalidSdsSecretException {
    String name = secret.namespace() + "/" + secret.name();
    String secretName = value(secret, "secretName");
    if (secretName.isEmpty()) {
      throw new InvalidSdsSecretException("no secretName found in SDS reference secret " + name);
    }
    String url = value(secret, "url");
    if (url.isEmpty()) {
      throw new InvalidSdsSecretException("no url found in SDS reference secret " + name);
    }
    String[] parsed;
    try {
      parsed = unixSocket(url);
    } catch (InvalidSdsSecretException e) {
      throw new InvalidSdsSecretException("invalid URL in SDS reference secret " + name + ": " + e.getMessage());
    }
    return new SdsConfig(secretName, parsed[0], parsed[1]);
  }

  /** The scheme and address of an SDS server URL; only Unix sockets are supported. */
  private static String[] unixSocket(String url) throws InvalidSdsSecretException {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidSdsSecretException("invalid URL: parse \"" + url + "\": " + e.getReason());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("unix")) {
      throw new InvalidSdsSecretException("unsupported URL scheme: " + scheme);
    }
    String host = u.getRawAuthority() == null ? "" : u.getRawAuthority();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (!host.isEmpty() && !host.equals(".")) {
      throw new InvalidSdsSecretException("unix URL must not contain a host, use unix:///absolute/path");
    }
    if (path.isEmpty() && !host.equals(".")) {
      throw new InvalidSdsSecretException("unix URL must contain a path");
    }
    return new String[] {scheme, host + path};
  }

  private static String value(Secret secret, String key) {
    return new String(ServingCertificates.data(secret, key), StandardCharsets.UTF_8);
  }
}

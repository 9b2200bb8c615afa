package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.ir.SdsConfig;
import dev.attache.control.resource.core.Secret;
import java.nio.charset.StandardCharsets;

/**
 * Secrets of type {@code gateway.envoyproxy.io/sds}: a reference to a certificate an external
 * SDS server serves, given by the keys {@code secretName}, {@code scheme} and {@code address}.
 */
public final class SdsSecrets {
  public static final String TYPE = "gateway.envoyproxy.io/sds";

  private SdsSecrets() {}

  /** What is missing from an SDS reference Secret, or null. */
  static String error(Secret secret) {
    if (value(secret, "secretName").isEmpty()) {
      return "field SDS SecretName must be specified";
    }
    if (value(secret, "scheme").isEmpty()) {
      return "field SDS Scheme must be specified";
    }
    if (value(secret, "address").isEmpty()) {
      return "field SDS Address must be specified";
    }
    return null;
  }

  public static SdsConfig config(Secret secret) {
    return new SdsConfig(value(secret, "secretName"), value(secret, "scheme"), value(secret, "address"));
  }

  private static String value(Secret secret, String key) {
    return new String(ServingCertificates.data(secret, key), StandardCharsets.UTF_8);
  }
}

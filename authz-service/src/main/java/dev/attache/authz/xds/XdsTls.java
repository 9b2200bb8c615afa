package dev.attache.authz.xds;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * How authz-service reaches the control plane's policy xDS server, as ratelimit-service reaches
 * its config server ({@code CONFIG_GRPC_XDS_SERVER_USE_TLS}, {@code _SERVER_TLS_CACERT},
 * {@code _CLIENT_TLS_CERT}/{@code _KEY}, {@code _SERVER_TLS_SAN}): plaintext, or TLS trusting
 * {@code caCert} (the system's CAs when null), presenting {@code clientCert} for mutual TLS when
 * given, and verifying {@code authority} instead of the target's host when not empty.
 */
public record XdsTls(boolean enabled, Path caCert, Path clientCert, Path clientKey, String authority) {
  public static final XdsTls PLAINTEXT = new XdsTls(false, null, null, null, "");

  public XdsTls {
    requireNonNull(authority, "authority");
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("a client certificate needs its key (expected: both or neither)");
    }
    if (!enabled && (caCert != null || clientCert != null || !authority.isEmpty())) {
      throw new IllegalArgumentException("TLS settings for a plaintext stream");
    }
  }

  /** The channel's credentials; an unreadable file is an error naming it. */
  ChannelCredentials credentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    Path reading = caCert;
    try {
      if (caCert != null) {
        b.trustManager(caCert.toFile());
      }
      reading = clientCert;
      if (clientCert != null) {
        b.keyManager(clientCert.toFile(), clientKey.toFile());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException("authz xDS: cannot read TLS file " + reading + ": "
          + e.getMessage(), e));
    }
    return b.build();
  }
}

package dev.attache.ratelimit.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * TLS on the ratelimit gRPC port, as upstream configures it: {@code GRPC_SERVER_USE_TLS},
 * {@code GRPC_SERVER_TLS_CERT} and {@code GRPC_SERVER_TLS_KEY} (PEM), and
 * {@code GRPC_CLIENT_TLS_CACERT} (PEM): when set, clients must present a certificate it signed.
 */
public record ServerTls(boolean enabled, String cert, String key, String clientCa) {
  public static final ServerTls PLAINTEXT = new ServerTls(false, "", "", "");

  /** The gRPC server credentials these settings ask for. */
  ServerCredentials credentials() {
    TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder();
    try {
      creds.keyManager(new File(cert), new File(key));
      if (!clientCa.isEmpty()) {
        creds.trustManager(new File(clientCa)).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ratelimit: cannot read the gRPC TLS files: " + e.getMessage(), e);
    }
    return creds.build();
  }
}

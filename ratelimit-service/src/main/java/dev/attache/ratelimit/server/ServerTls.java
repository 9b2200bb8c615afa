package dev.attache.ratelimit.server;

/**
 * TLS on the ratelimit gRPC port, as upstream configures it: {@code GRPC_SERVER_USE_TLS},
 * {@code GRPC_SERVER_TLS_CERT} and {@code GRPC_SERVER_TLS_KEY} (PEM), and
 * {@code GRPC_CLIENT_TLS_CACERT} (PEM): when set, clients must present a certificate it signed.
 */
public record ServerTls(boolean enabled, String cert, String key, String clientCa) {
  public static final ServerTls PLAINTEXT = new ServerTls(false, "", "", "");
}

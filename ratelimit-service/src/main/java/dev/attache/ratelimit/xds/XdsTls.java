package dev.attache.ratelimit.xds;

/**
 * How the xDS client reaches its server: {@code CONFIG_GRPC_XDS_SERVER_USE_TLS},
 * {@code CONFIG_GRPC_XDS_CLIENT_TLS_CERT} and {@code _KEY} (PEM; the client's certificate, for
 * mutual TLS), {@code CONFIG_GRPC_XDS_SERVER_TLS_CACERT} (PEM; whom to trust, else the system's
 * CAs) and {@code CONFIG_GRPC_XDS_SERVER_TLS_SAN} (the name to verify instead of the host).
 */
public record XdsTls(boolean enabled, String clientCert, String clientKey, String caCert, String san) {
  public static final XdsTls PLAINTEXT = new XdsTls(false, "", "", "", "");
}

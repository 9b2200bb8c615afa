package dev.attache.wasm.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test-only certificate for 127.0.0.1 and localhost ({@code localhost-tls.p12}, made once with
 * {@code keytool -genkeypair -alias localhost -keyalg RSA -keysize 2048 -validity 36500 -dname
 * CN=localhost -ext SAN=ip:127.0.0.1,dns:localhost -storetype PKCS12 -storepass changeit}).
 */
public final class TestTls {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestTls() {}

  private static KeyStore keyStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = TestTls.class.getResourceAsStream("localhost-tls.p12")) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A server context presenting the certificate. */
  public static SSLContext server() {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(), PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context trusting only the certificate. */
  public static SSLContext client() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate as PEM, as a {@code ca.crt} key of a Secret or ConfigMap holds it. */
  public static byte[] caPem() {
    try {
      return ("-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate().getEncoded())
          + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Certificate certificate() throws Exception {
    return keyStore().getCertificate("localhost");
  }
}

package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One {@link HttpTransport} for the platform's trust store and one per CA bundle a policy names
 * ({@code tls.caCertificateRef}), so connections are pooled per trust configuration.
 */
public final class Transports {
  private final FetchSettings settings;
  private final HttpTransport platform;
  private final Map<Sha256, HttpTransport> byCa = new ConcurrentHashMap<>();

  public Transports(FetchSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.platform = new HttpTransport(settings);
  }

  public FetchSettings settings() {
    return settings;
  }

  /** The transport for a PEM CA bundle, or the platform one when {@code caPem} is null or empty. */
  public HttpTransport forCa(byte[] caPem) throws FetchException {
    if (caPem == null || caPem.length == 0) {
      return platform;
    }
    Sha256 key = Sha256.of(caPem);
    HttpTransport t = byCa.get(key);
    if (t == null) {
      t = new HttpTransport(settings, trusting(caPem));
      HttpTransport raced = byCa.putIfAbsent(key, t);
      t = raced != null ? raced : t;
    }
    return t;
  }

  private static SSLContext trusting(byte[] caPem) throws FetchException {
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem));
      if (certs.isEmpty()) {
        throw new FetchException(FetchException.Kind.INVALID_SOURCE, "failed to append CA certificate to pool");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new FetchException(FetchException.Kind.INVALID_SOURCE, "failed to append CA certificate to pool", e);
    }
  }
}

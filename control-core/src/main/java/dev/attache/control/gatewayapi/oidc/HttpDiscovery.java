package dev.attache.control.gatewayapi.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.attache.control.gatewayapi.tls.Pem;
import dev.attache.control.ir.TlsUpstreamConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Issuer discovery over the network: the JDK's HTTP client with Envoy Gateway's 5 s request
 * timeout, the issuer trusted as the provider's backend TLS settings say (their CA, or skipping
 * verification when asked), a 1 MiB limit on the document, and answers cached (found endpoints
 * for 5 minutes, failures for 10 s) so that repeated translations do not ask again each time.
 */
final class HttpDiscovery implements WellKnownFetcher {
  static final int MAX_BODY = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final IssuerDiscovery SHARED = new HttpDiscovery(TIMEOUT).caching();

  private final Duration timeout;

  /** Made on first use: most translations never discover an issuer. */
  private volatile HttpClient defaultClient;

  private record Key(String issuer, TlsUpstreamConfig tls) {}

  private record Outcome(OpenIdConfiguration config, String error) {}

  HttpDiscovery(Duration timeout) {
    this.timeout = timeout;
  }

  IssuerDiscovery caching() {
    DiscoveryRules rules = new DiscoveryRules(this, DiscoveryRules.Sleeper.REAL, Duration.ofSeconds(5));
    Cache<Key, Outcome> cache = Caffeine.newBuilder().maximumSize(1_000).expireAfter(new Expiry<Key, Outcome>() {
      @Override
      public long expireAfterCreate(Key key, Outcome value, long currentTime) {
        return (value.config() != null ? Duration.ofMinutes(5) : Duration.ofSeconds(10)).toNanos();
      }

      @Override
      public long expireAfterUpdate(Key key, Outcome value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(Key key, Outcome value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
    return (issuer, tls) -> {
      Outcome outcome = cache.get(new Key(issuer, tls), k -> {
        try {
          return new Outcome(rules.discover(k.issuer(), k.tls()), null);
        } catch (DiscoveryException e) {
          return new Outcome(null, e.getMessage());
        }
      });
      if (outcome.error() != null) {
        throw new DiscoveryException(outcome.error());
      }
      return outcome.config();
    };
  }

  @Override
  public Response get(String url, TlsUpstreamConfig tls) throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IOException("parse \"" + url + "\": " + e.getMessage());
    }
    if (tls == null) {
      return get(url, uri, defaultClient());
    }
    // A provider's own TLS settings are rare and discovery results are cached: a client for this
    // request, closed (with its selector thread) when it is answered.
    try (HttpClient client = client(tls)) {
      return get(url, uri, client);
    }
  }

  private Response get(String url, URI uri, HttpClient client) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          // larger than any discovery document; read no further
          return new Response(response.statusCode(), null);
        }
        return new Response(response.statusCode(), bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Get \"" + url + "\": context canceled");
    } catch (IOException e) {
      throw new IOException("Get \"" + url + "\": " + goReason(uri, e));
    }
  }

  private HttpClient defaultClient() {
    HttpClient c = defaultClient;
    if (c == null) {
      synchronized (this) {
        if (defaultClient == null) {
          defaultClient = client(null);
        }
        c = defaultClient;
      }
    }
    return c;
  }

  /** Go's net/http wording for the usual transport failures. */
  private static String goReason(URI uri, IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
    }
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof UnknownHostException || cause instanceof ConnectException)) {
      cause = cause.getCause();
    }
    if (cause instanceof UnknownHostException) {
      return "dial tcp: lookup " + uri.getHost() + ": no such host";
    }
    if (cause instanceof ConnectException) {
      return "dial tcp " + uri.getHost() + ":" + port(uri) + ": connect: connection refused";
    }
    return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? url : host;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  private HttpClient client(TlsUpstreamConfig tls) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
    if (tls != null) {
      b.sslContext(sslContext(tls));
    }
    return b.build();
  }

  /** Trust as the provider's backend TLS says: its CA bundle, or anything when verification is skipped. */
  private static SSLContext sslContext(TlsUpstreamConfig tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust = null;
      if (tls.insecureSkipVerify()) {
        trust = new TrustManager[] {new TrustAll()};
      } else if (tls.caCertificate() != null && tls.caCertificate().certificate() != null) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int i = 0;
        for (Pem.Block block : Pem.decodeAll(tls.caCertificate().certificate().toArray())) {
          if (block.type().equals("CERTIFICATE")) {
            store.setCertificateEntry("ca-" + i++,
                factory.generateCertificate(new ByteArrayInputStream(block.bytes())));
          }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trust = tmf.getTrustManagers();
      }
      context.init(null, trust, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("OIDC discovery TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts every server certificate and name ({@code insecureSkipVerify}, as Go's
   * InsecureSkipVerify): an extended trust manager, so the JDK adds no host name check of its own.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

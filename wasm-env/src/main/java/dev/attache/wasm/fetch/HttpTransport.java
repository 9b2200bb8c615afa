package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * HTTP(S) exchanges with the limits a pull needs: connect and read timeouts, a deadline for the
 * whole pull, a size limit on every body, redirects that never carry credentials to another host
 * nor downgrade to plain HTTP, and retries with backoff. Shared by the HTTP module fetcher and the
 * OCI registry client.
 */
public final class HttpTransport {
  private static final int MAX_REDIRECTS = 10;
  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final FetchSettings settings;
  private final HttpClient client;

  public HttpTransport(FetchSettings settings) {
    this(settings, null);
  }

  /** A transport that trusts {@code tls} instead of the platform's certificate authorities. */
  public HttpTransport(FetchSettings settings, SSLContext tls) {
    this.settings = requireNonNull(settings, "settings");
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  public FetchSettings settings() {
    return settings;
  }

  /** What a body may weigh, and what to call it when it weighs more. */
  public record Limit(long bytes, String what) {
    public static Limit module(long bytes) {
      return new Limit(bytes, "wasm module");
    }
  }

  /**
   * A finished exchange. For a download, {@code body} holds only an error response's body; the
   * content went to the file, with its {@code sha256} and {@code size}.
   */
  public record Response(int status, HttpHeaders headers, URI uri, byte[] body, Sha256 sha256, long size) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String bodyText() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** One attempt at an exchange, for {@link #withRetries}. */
  @FunctionalInterface
  public interface Attempt {
    Response run() throws FetchException;
  }

  /**
   * How a series of attempts ended: the last response (which may be an error status), or the
   * last failure, and how many attempts it took.
   */
  public record Outcome(Response response, FetchException failure, int attempts) {}

  /** GET into memory. */
  public Response get(URI uri, Map<String, String> headers, Limit limit, Deadline deadline)
      throws FetchException {
    return exchange("GET", uri, headers, null, limit, null, deadline);
  }

  /** GET into {@code target} (replaced), hashing the bytes as they arrive. */
  public Response download(URI uri, Map<String, String> headers, Path target, Limit limit, Deadline deadline)
      throws FetchException {
    return exchange("GET", uri, headers, null, limit, requireNonNull(target, "target"), deadline);
  }

  /** POST of a form, into memory (OAuth2 token requests). */
  public Response postForm(URI uri, Map<String, String> headers, String form, Limit limit, Deadline deadline)
      throws FetchException {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/x-www-form-urlencoded");
    return exchange("POST", uri, h, form, limit, null, deadline);
  }

  /**
   * Runs {@code attempt} until it succeeds, fails in a way not worth retrying, runs out of
   * attempts or of time. Connection failures, timeouts and 5xx answers (except 501, 505 and 511,
   * as Envoy Gateway) are retried with exponential backoff.
   */
  public Outcome withRetries(Deadline deadline, Attempt attempt) {
    Duration backoff = settings.initialBackoff();
    for (int n = 1; ; n++) {
      try {
        Response r = attempt.run();
        if (!retryable(r.status()) || n >= settings.maxAttempts() || deadline.expired()) {
          return new Outcome(r, null, n);
        }
      } catch (FetchException e) {
        if (e.kind() != Kind.UNREACHABLE || n >= settings.maxAttempts() || deadline.expired()) {
          return new Outcome(null, e, n);
        }
      }
      if (!sleep(deadline.cap(backoff))) {
        return new Outcome(null, new FetchException(Kind.UNREACHABLE, "interrupted"), n);
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }
  }

  static boolean retryable(int status) {
    return status >= 500 && status != 501 && status != 505 && status != 511;
  }

  private Response exchange(String method, URI uri, Map<String, String> headers, String form,
      Limit limit, Path target, Deadline deadline) throws FetchException {
    URI current = requireNonNull(uri, "uri");
    Map<String, String> h = new LinkedHashMap<>(headers);
    String m = method;
    String body = form;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = send(m, current, h, body, deadline, uri);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (REDIRECTS.contains(status) && location != null) {
        drain(response);
        if (hop >= MAX_REDIRECTS) {
          throw new FetchException(Kind.UNREACHABLE, display(m, uri) + ": stopped after " + MAX_REDIRECTS + " redirects");
        }
        URI next = resolve(current, location, m, uri);
        if ("https".equalsIgnoreCase(current.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
          throw new FetchException(Kind.UNREACHABLE, display(m, uri) + ": refusing a redirect from https to http");
        }
        if (!sameAuthority(current, next)) {
          // Credentials for the registry must not reach the storage it redirects to.
          h.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
        }
        if (status == 303) {
          m = "GET";
          body = null;
        }
        current = next;
        continue;
      }
      return read(response, current, limit, status >= 200 && status < 300 ? target : null, deadline, m, uri);
    }
  }

  private HttpResponse<InputStream> send(String method, URI uri, Map<String, String> headers,
      String form, Deadline deadline, URI original) throws FetchException {
    if (deadline.expired()) {
      throw new FetchException(Kind.UNREACHABLE, display(method, original) + ": pull timed out");
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(deadline.cap(settings.readTimeout()));
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      rb.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade attempts on plain HTTP
    }
    headers.forEach(rb::header);
    rb.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(form));
    try {
      return client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new FetchException(Kind.UNREACHABLE, display(method, original) + ": " + describe(e, uri), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(Kind.UNREACHABLE, display(method, original) + ": interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new FetchException(Kind.INVALID_SOURCE, display(method, original) + ": " + e.getMessage(), e);
    }
  }

  private Response read(HttpResponse<InputStream> response, URI uri, Limit limit, Path target,
      Deadline deadline, String method, URI original) throws FetchException {
    long max = target == null && !okStatus(response.statusCode())
        ? Math.min(limit.bytes(), ERROR_BODY_LIMIT) : limit.bytes();
    MessageDigest md = Sha256.newDigest();
    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    long size = 0;
    try (InputStream in = ReadWatchdog.watch(response.body(), settings.readTimeout(), deadline);
         OutputStream sink = new DigestOutputStream(
             target == null ? memory : Files.newOutputStream(target), md)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        size += n;
        if (size > max) {
          if (target == null && !okStatus(response.statusCode())) {
            break; // enough of an error body to explain it
          }
          throw new FetchException(Kind.TOO_LARGE, limit.what() + " size exceeds maximum size " + limit.bytes());
        }
        sink.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new FetchException(Kind.UNREACHABLE, display(method, original) + ": reading the body: " + describe(e, uri), e);
    }
    return new Response(response.statusCode(), response.headers(), uri, memory.toByteArray(),
        Sha256.of(md), size);
  }

  private static boolean okStatus(int status) {
    return status >= 200 && status < 300;
  }

  private static void drain(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // a redirect's body says nothing we need
    }
  }

  private static URI resolve(URI base, String location, String method, URI original) throws FetchException {
    try {
      return base.resolve(new URI(location));
    } catch (URISyntaxException e) {
      throw new FetchException(Kind.UNREACHABLE, display(method, original) + ": redirect to an invalid location", e);
    }
  }

  private static boolean sameAuthority(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** {@code Get "http://host/path"} as Go's HTTP client names a request; no credentials, no query. */
  public static String display(String method, URI uri) {
    String verb = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    return verb + " \"" + redact(uri) + "\"";
  }

  /** The URI without user info or query, which may carry credentials. */
  public static String redact(URI uri) {
    StringBuilder s = new StringBuilder();
    if (uri.getScheme() != null) {
      s.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      s.append(uri.getHost());
      if (uri.getPort() >= 0) {
        s.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      s.append(uri.getRawPath());
    }
    return s.toString();
  }

  static String describe(IOException e, URI uri) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof ReadWatchdog.ReadTimeoutException) {
      return "timeout: " + e.getMessage();
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connect: timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "timeout awaiting response headers";
    }
    if (e instanceof ConnectException || root instanceof ConnectException) {
      if (root instanceof UnresolvedAddressException || e.getCause() instanceof UnresolvedAddressException) {
        return "lookup " + uri.getHost() + ": no such host";
      }
      return "connect: connection refused";
    }
    if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
      return "lookup " + uri.getHost() + ": no such host";
    }
    if (e instanceof java.io.EOFException || root instanceof java.io.EOFException || "closed".equals(e.getMessage())) {
      return "unexpected EOF"; // the connection ended before the announced body did
    }
    if (e instanceof SSLException || root instanceof SSLException) {
      return "tls: " + root.getMessage();
    }
    String msg = e.getMessage() != null ? e.getMessage() : root.getMessage();
    return msg != null ? msg : e.getClass().getSimpleName();
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package dev.attache.control.gatewayapi.oidc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attache.control.ir.TlsUpstreamConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Envoy Gateway's discovery rules over any {@link WellKnownFetcher}: which answers are retried
 * (transport errors; 5xx except 501, 505 and 511) with cenkalti/backoff's exponential schedule
 * (0.5 s growing 1.5x, ±50% jitter) until 5 s have passed, which are final, how the document is
 * read, and the message for each failure.
 */
final class DiscoveryRules {
  static final String WELL_KNOWN = "/.well-known/openid-configuration";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Waits between attempts (a recording replays without waiting). */
  @FunctionalInterface
  interface Sleeper {
    Sleeper NONE = nanos -> {};
    Sleeper REAL = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    void sleep(long nanos) throws InterruptedException;
  }

  private final WellKnownFetcher fetcher;
  private final Sleeper sleeper;
  private final long maxElapsedNanos;

  DiscoveryRules(WellKnownFetcher fetcher, Sleeper sleeper, Duration maxElapsed) {
    this.fetcher = fetcher;
    this.sleeper = sleeper;
    this.maxElapsedNanos = maxElapsed.toNanos();
  }

  OpenIdConfiguration discover(String issuer, TlsUpstreamConfig tls) throws DiscoveryException {
    String url = issuer + WELL_KNOWN;
    long elapsed = 0;
    long interval = 500_000_000L;
    while (true) {
      long start = System.nanoTime();
      Attempt attempt = attempt(issuer, url, tls);
      if (attempt.config() != null) {
        return validated(issuer, attempt.config());
      }
      if (attempt.permanent()) {
        throw new DiscoveryException(attempt.error());
      }
      long wait = (long) (interval * (0.5 + ThreadLocalRandom.current().nextDouble()));
      elapsed += (sleeper == Sleeper.NONE ? 0 : System.nanoTime() - start) + wait;
      if (elapsed > maxElapsedNanos) {
        throw new DiscoveryException(attempt.error());
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DiscoveryException(attempt.error());
      }
      interval = (long) (interval * 1.5);
    }
  }

  /** One try: a document, or an error that is final or worth retrying. */
  private record Attempt(OpenIdConfiguration config, String error, boolean permanent) {}

  private Attempt attempt(String issuer, String url, TlsUpstreamConfig tls) {
    WellKnownFetcher.Response response;
    try {
      response = fetcher.get(url, tls);
    } catch (IOException e) {
      return new Attempt(null, e.getMessage(), false);
    }
    int status = response.status();
    if (retryable(status)) {
      return new Attempt(null, "transient error fetching openid-configuration from issuer URL: " + issuer
          + ", status code: " + status, false);
    }
    if (status == 404 || status == 400) {
      return new Attempt(null, "failed fetching openid-configuration from issuer URL: " + issuer
          + ", status code: " + status, true);
    }
    if (status != 200) {
      return new Attempt(null, "unexpected status code " + status + " when fetching openid-configuration from issuer URL: "
          + issuer, true);
    }
    if (response.body() == null) {
      return new Attempt(null, "error decoding openid-configuration response: document larger than "
          + HttpDiscovery.MAX_BODY + " bytes", true);
    }
    try {
      return new Attempt(decode(response.body()), null, false);
    } catch (DecodeException e) {
      return new Attempt(null, "error decoding openid-configuration response: " + e.getMessage(), true);
    }
  }

  static boolean retryable(int status) {
    return status >= 500 && status != 501 && status != 505 && status != 511;
  }

  private static final class DecodeException extends Exception {
    DecodeException(String message) {
      super(message, null, false, false);
    }
  }

  /** The document's endpoints, read as Go's encoding/json reads them into strings. */
  static OpenIdConfiguration decode(byte[] body) throws DecodeException {
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (JsonEOFException e) {
      throw new DecodeException("unexpected EOF");
    } catch (JsonParseException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      throw new DecodeException(text.isEmpty() ? "EOF"
          : "invalid character '" + text.charAt(0) + "' looking for beginning of value");
    } catch (IOException e) {
      throw new DecodeException(e.getMessage());
    }
    if (doc == null || doc.isMissingNode()) {
      throw new DecodeException("EOF");
    }
    if (doc.isNull()) {
      return new OpenIdConfiguration("", "", null);
    }
    if (!doc.isObject()) {
      throw new DecodeException("json: cannot unmarshal " + goType(doc) + " into Go value of type gatewayapi.OpenIDConfig");
    }
    return new OpenIdConfiguration(text(doc, "token_endpoint"), text(doc, "authorization_endpoint"),
        doc.hasNonNull("end_session_endpoint") ? text(doc, "end_session_endpoint") : null);
  }

  private static String text(JsonNode doc, String field) throws DecodeException {
    JsonNode v = doc.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new DecodeException("json: cannot unmarshal " + goType(v) + " into Go struct field OpenIDConfig."
          + field + " of type string");
    }
    return v.asText();
  }

  private static String goType(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "array";
      case BOOLEAN -> "bool";
      case NUMBER -> "number";
      case OBJECT -> "object";
      default -> "string";
    };
  }

  private static OpenIdConfiguration validated(String issuer, OpenIdConfiguration config) throws DiscoveryException {
    if (config.tokenEndpoint().isEmpty()) {
      throw new DiscoveryException("invalid openid-configuration from issuer URL " + issuer
          + ": token_endpoint not found in OpenID configuration");
    }
    if (config.authorizationEndpoint().isEmpty()) {
      throw new DiscoveryException("invalid openid-configuration from issuer URL " + issuer
          + ": authorization_endpoint not found in OpenID configuration");
    }
    return config;
  }
}

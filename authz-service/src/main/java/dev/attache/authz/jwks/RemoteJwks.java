package dev.attache.authz.jwks;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys fetched from a {@code remoteJWKS.uri}. Fetches run on the HTTP client's own threads, never
 * on a Check call: the keys are fetched at start, refreshed in the background before
 * {@code cacheDuration} runs out, and retried every {@code failedRefetchDuration} after a
 * failure. A failed fetch keeps the last good keys serving and is counted and logged. An unknown
 * {@code kid} causes at most one refetch per {@code failedRefetchDuration}.
 */
public final class RemoteJwks implements JwksSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final URI uri;
  private final Duration cacheDuration;
  private final Duration failedRefetch;
  private final Duration timeout;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final String label;
  private final MeterRegistry registry;
  private final Counter successes;
  private final Counter failures;
  private final List<Meter> meters = new ArrayList<>();

  private volatile KeySet keys;
  private volatile long lastSuccessMillis;
  private volatile String lastBody;
  private CompletableFuture<KeySet> inFlight;
  private long lastOnDemandNanos = Long.MIN_VALUE / 2;
  private ScheduledFuture<?> next;
  private int consecutiveFailures;
  private long lastWarnNanos;
  private volatile boolean closed;

  RemoteJwks(URI uri, Duration cacheDuration, Duration failedRefetch, Duration timeout, HttpClient http,
      ScheduledExecutorService scheduler, Clock clock, MeterRegistry registry) {
    this.uri = requireNonNull(uri, "uri");
    this.cacheDuration = requireNonNull(cacheDuration, "cacheDuration");
    this.failedRefetch = requireNonNull(failedRefetch, "failedRefetch");
    this.timeout = requireNonNull(timeout, "timeout");
    this.http = requireNonNull(http, "http");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.clock = requireNonNull(clock, "clock");
    this.registry = registry;
    // The query may carry credentials; metrics and logs name scheme, host and path only.
    this.label = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    if (registry != null) {
      successes = Counter.builder("attache.authz.jwks.fetches").tag("jwks", label).tag("result", "success")
          .description("JWKS fetch attempts").register(registry);
      failures = Counter.builder("attache.authz.jwks.fetches").tag("jwks", label).tag("result", "error")
          .description("JWKS fetch attempts").register(registry);
      meters.add(successes);
      meters.add(failures);
      meters.add(Gauge.builder("attache.authz.jwks.keys", this, r -> r.keys == null ? 0 : r.keys.size())
          .tag("jwks", label).description("Keys currently served from the JWKS").register(registry));
      meters.add(Gauge.builder("attache.authz.jwks.last.success.seconds", this, r -> r.lastSuccessMillis / 1000.0)
          .tag("jwks", label).description("When the JWKS was last fetched successfully (Unix time)").register(registry));
    } else {
      successes = null;
      failures = null;
    }
  }

  /** Starts the first fetch; returns at once. */
  public RemoteJwks start() {
    fetch();
    return this;
  }

  public URI uri() {
    return uri;
  }

  @Override
  public KeySet current() {
    return keys;
  }

  @Override
  public synchronized CompletableFuture<KeySet> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    long now = System.nanoTime();
    if (now - lastOnDemandNanos < failedRefetch.toNanos()) {
      return CompletableFuture.completedFuture(keys);
    }
    lastOnDemandNanos = now;
    return fetch();
  }

  /** Starts a fetch unless one is running; the future completes with the keys then live. */
  synchronized CompletableFuture<KeySet> fetch() {
    if (closed) {
      return CompletableFuture.completedFuture(keys);
    }
    if (inFlight != null) {
      return inFlight;
    }
    if (next != null) {
      next.cancel(false);
      next = null;
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("accept", "application/json").build();
    CompletableFuture<KeySet> result = new CompletableFuture<>();
    inFlight = result;
    http.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((response, error) -> finish(response, error, result));
    return result;
  }

  private void finish(HttpResponse<byte[]> response, Throwable error, CompletableFuture<KeySet> result) {
    String problem = null;
    KeySet fresh = null;
    if (error != null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      problem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    } else if (response.statusCode() != 200) {
      problem = "HTTP status " + response.statusCode();
    } else {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      KeySet live = keys;
      if (live != null && body.equals(lastBody)) {
        // Unchanged keys keep their generation, so verified tokens stay cached across refreshes.
        fresh = live;
      } else {
        try {
          fresh = KeySet.parse(body, clock.instant());
          if (fresh.size() == 0) {
            problem = "the JWKS has no usable keys";
            fresh = null;
          } else {
            lastBody = body;
          }
        } catch (java.text.ParseException e) {
          problem = "not a JWKS: " + e.getMessage();
        }
      }
    }
    synchronized (this) {
      inFlight = null;
      if (fresh != null) {
        keys = fresh;
        lastSuccessMillis = clock.millis();
        if (successes != null) {
          successes.increment();
        }
        if (consecutiveFailures > 0) {
          log.info("jwks {}: fetched {} keys after {} failed attempts", label, fresh.size(), consecutiveFailures);
        } else {
          log.debug("jwks {}: fetched {} keys", label, fresh.size());
        }
        consecutiveFailures = 0;
        schedule(refreshDelay());
      } else {
        if (failures != null) {
          failures.increment();
        }
        consecutiveFailures++;
        long now = System.nanoTime();
        // The first failure and then one line a minute: a JWKS down for an hour is not 3600 lines.
        if (consecutiveFailures == 1 || now - lastWarnNanos >= WARN_EVERY_NANOS) {
          lastWarnNanos = now;
          log.warn("jwks {}: fetch failed ({} in a row): {}; {}", label, consecutiveFailures, problem,
              keys == null ? "no keys yet" : "the last good keys (" + keys.size() + ") keep serving");
        } else {
          log.debug("jwks {}: fetch failed: {}", label, problem);
        }
        schedule(failedRefetch);
      }
    }
    result.complete(keys);
  }

  /** Refresh before the cache duration runs out, so a fetch is never on a request's path. */
  private Duration refreshDelay() {
    long ms = cacheDuration.toMillis();
    long margin = Math.min(ms / 10, 30_000);
    return Duration.ofMillis(Math.max(100, ms - margin));
  }

  private void schedule(Duration delay) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    next = scheduler.schedule(this::fetch, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
    if (registry != null) {
      meters.forEach(registry::remove);
    }
  }

  @Override
  public String toString() {
    return "RemoteJwks[" + label + "]";
  }
}

package dev.attache.authz.jwks;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The remote JWKS sources of the live configuration, shared by every provider that names the same
 * endpoint. A reload keeps sources that are still named (and their keys), starts new ones and
 * closes the rest, so a policy change never causes a burst of fetches.
 */
public final class JwksRegistry implements AutoCloseable {
  /** What identifies one remote source. */
  public record Key(URI uri, Duration cacheDuration, Duration failedRefetch) {}

  private final HttpClient http;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<Key, RemoteJwks> sources = new HashMap<>();
  private final java.util.concurrent.ExecutorService fetchThreads;

  public JwksRegistry(Duration connectTimeout, Duration timeout, Clock clock, MeterRegistry registry) {
    requireNonNull(connectTimeout, "connectTimeout");
    this.timeout = requireNonNull(timeout, "timeout");
    this.clock = requireNonNull(clock, "clock");
    this.registry = registry;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jwks-refresh");
      t.setDaemon(true);
      return t;
    });
    this.fetchThreads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "jwks-fetch");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        // A JWKS endpoint that redirects elsewhere is not followed: keys come from the named URI.
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(fetchThreads)
        .build();
  }

  /** The source for {@code key}, started on first use. */
  public synchronized RemoteJwks get(Key key) {
    return sources.computeIfAbsent(key, k -> new RemoteJwks(k.uri(), k.cacheDuration(), k.failedRefetch(),
        timeout, http, scheduler, clock, registry).start());
  }

  /** Closes the sources the live configuration no longer names. */
  public synchronized void retainOnly(Set<Key> live) {
    sources.entrySet().removeIf(e -> {
      if (live.contains(e.getKey())) {
        return false;
      }
      e.getValue().close();
      return true;
    });
  }

  public synchronized Map<Key, RemoteJwks> sources() {
    return Map.copyOf(sources);
  }

  @Override
  public synchronized void close() {
    sources.values().forEach(RemoteJwks::close);
    sources.clear();
    scheduler.shutdownNow();
    http.shutdownNow();
    fetchThreads.shutdownNow();
  }
}

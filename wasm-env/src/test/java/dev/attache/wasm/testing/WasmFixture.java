package dev.attache.wasm.testing;

import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.CacheSettings;
import dev.attache.wasm.fetch.FetchSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** A started {@link WasmModules} on 127.0.0.1 with settings small enough for tests. */
public final class WasmFixture {
  private WasmFixture() {}

  /** Fetch settings that fail fast: two attempts 10 ms apart, short timeouts. */
  public static FetchSettings quickFetch() {
    return FetchSettings.defaults()
        .withConnectTimeout(Duration.ofSeconds(2))
        .withReadTimeout(Duration.ofSeconds(5))
        .withPullTimeout(Duration.ofSeconds(20))
        .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50));
  }

  public static CacheSettings settings(Path dir) {
    return CacheSettings.defaults(dir).withFetch(quickFetch());
  }

  public static WasmModules start(CacheSettings settings) {
    return start(settings, new SimpleMeterRegistry());
  }

  public static WasmModules start(CacheSettings settings, MeterRegistry registry) {
    return builder(settings).metrics(registry).start();
  }

  /** A builder whose serving URLs point at the server itself on a free loopback port. */
  public static WasmModules.Builder builder(CacheSettings settings) {
    int port = FreePorts.next();
    return WasmModules.builder(settings)
        .host("127.0.0.1")
        .port(port)
        .servingBaseUri(URI.create("http://127.0.0.1:" + port));
  }

  /** Files under the cache's temporary directory: pulls in progress or left behind. */
  public static long tmpFiles(Path cacheDir) {
    try (Stream<Path> s = Files.list(cacheDir.resolve("tmp"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.attache.ratelimit;

import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test configurations from {@code src/test/resources/config}. */
public final class TestConfigs {
  private TestConfigs() {
  }

  public static Path path(String name) {
    try {
      return Path.of(TestConfigs.class.getResource("/config/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ConfigFile file(String name) {
    try {
      Path p = path(name);
      return new ConfigFile(p, Files.readString(p));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RateLimitConfig load(RateLimitMetrics metrics, boolean merge, String... names) throws ConfigException {
    List<ConfigFile> files = new ArrayList<>();
    for (String n : names) {
      files.add(file(n));
    }
    return new RateLimitConfigLoader(metrics, merge).load(files);
  }

  public static RateLimitMetrics metrics() {
    return new RateLimitMetrics(new SimpleMeterRegistry());
  }

  /** A descriptor from alternating keys and values: {@code descriptor("k1", "v1", "k2", "")}. */
  public static RateLimitDescriptor descriptor(String... keyValues) {
    RateLimitDescriptor.Builder b = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
    }
    return b.build();
  }

  /** The value of {@code ratelimit.service.rate_limit.<stat>} for one key, 0 when never created. */
  public static double stat(RateLimitMetrics metrics, String key, String stat) {
    Counter c = metrics.registry().find("ratelimit.service.rate_limit." + stat).tag("key", key).counter();
    return c == null ? 0 : c.count();
  }
}

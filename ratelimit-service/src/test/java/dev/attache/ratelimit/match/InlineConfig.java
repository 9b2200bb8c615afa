package dev.attache.ratelimit.match;

import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import java.nio.file.Path;
import java.util.List;

/** Loads a configuration written inline in a test. */
final class InlineConfig {
  private InlineConfig() {
  }

  static RateLimitConfig load(String yaml) throws ConfigException {
    return new RateLimitConfigLoader(TestConfigs.metrics(), false).load(List.of(new ConfigFile(Path.of("inline.yaml"), yaml)));
  }
}

package dev.attache.ratelimit.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.config.ConfigFile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example configuration loads through the real parser and validation. */
class ExampleConfigTest {
  @Test
  void readmeExampleLoads() throws Exception {
    Path example = Path.of(System.getProperty("attache.projectRoot"), "ratelimit-service", "examples", "config.yaml");
    var loader = new RateLimitConfigLoader(new RateLimitMetrics(new SimpleMeterRegistry()), false);
    var config = loader.load(List.of(new ConfigFile(example, Files.readString(example))));
    assertThat(config.domains()).containsExactly("default/eg/http");
    assertThat(config.dump())
        .contains("rule-0-match-0_rule-0-match-0.masked_remote_address: unit=MINUTE requests_per_unit=10, shadow_mode: false")
        .contains("x-user-id_one: unit=HOUR requests_per_unit=100, shadow_mode: true");
  }
}

package dev.attache.ratelimit.config;

import static java.util.Objects.requireNonNull;

import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.match.TreeBuilder;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import dev.attache.server.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a file or a directory of envoyproxy/ratelimit YAML files into one configuration, counting
 * {@code config_load_success} and {@code config_load_error} as upstream does. Any error rejects
 * the whole set.
 */
public final class RateLimitConfigLoader implements ConfigLoader<RateLimitConfig> {
  private final RateLimitMetrics metrics;
  private final boolean mergeDomains;

  /** @param mergeDomains {@code MERGE_DOMAIN_CONFIG}: files may add to the same domain */
  public RateLimitConfigLoader(RateLimitMetrics metrics, boolean mergeDomains) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.mergeDomains = mergeDomains;
  }

  @Override
  public RateLimitConfig load(List<ConfigFile> files) throws ConfigException {
    List<DomainSpec> specs = new ArrayList<>(files.size());
    try {
      for (ConfigFile f : files) {
        specs.add(YamlConfigParser.parse(f));
      }
      RateLimitConfig config = TreeBuilder.build(specs, metrics, mergeDomains);
      metrics.configLoadSuccess().increment();
      return config;
    } catch (ConfigException e) {
      metrics.configLoadError().increment();
      throw e;
    }
  }

  /** Loads specs that did not come from files (xDS). */
  public RateLimitConfig load(List<DomainSpec> specs, boolean countStats) throws ConfigException {
    try {
      RateLimitConfig config = TreeBuilder.build(specs, metrics, mergeDomains);
      if (countStats) {
        metrics.configLoadSuccess().increment();
      }
      return config;
    } catch (ConfigException e) {
      if (countStats) {
        metrics.configLoadError().increment();
      }
      throw e;
    }
  }
}

package dev.attache.ratelimit.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One configuration unit (a YAML file, or a {@code RateLimitConfig} received over xDS).
 *
 * @param source the file the configuration came from, used in error messages
 * @param name what to call it in messages: the file name, or the xDS resource name
 */
public record DomainSpec(Path source, String name, String domain, List<DescriptorSpec> descriptors) {
  public DomainSpec {
    descriptors = List.copyOf(descriptors);
  }
}

package dev.attache.ratelimit.config;

import com.google.protobuf.Struct;
import java.util.List;

/**
 * One entry of a {@code descriptors} list as written, before validation.
 *
 * @param rateLimit {@code rate_limit}, or null
 * @param moreLimits Attaché's {@code rate_limits}: further limits that apply together with
 *     {@code rate_limit} (10 per second and 1000 per day)
 * @param metadata {@code metadata}, or null
 */
public record DescriptorSpec(
    String key,
    String value,
    RateLimitSpec rateLimit,
    List<RateLimitSpec> moreLimits,
    List<DescriptorSpec> descriptors,
    boolean shadowMode,
    boolean quotaMode,
    boolean detailedMetric,
    boolean valueToMetric,
    boolean shareThreshold,
    Struct metadata) {

  public DescriptorSpec {
    moreLimits = List.copyOf(moreLimits);
    descriptors = List.copyOf(descriptors);
  }
}

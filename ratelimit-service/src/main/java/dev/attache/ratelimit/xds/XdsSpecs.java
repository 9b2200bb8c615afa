package dev.attache.ratelimit.xds;

import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.ratelimit.api.v3.RateLimitDescriptor;
import dev.attache.ratelimit.api.v3.RateLimitPolicy;
import dev.attache.ratelimit.api.v3.RateLimitReplace;
import dev.attache.ratelimit.config.DescriptorSpec;
import dev.attache.ratelimit.config.DomainSpec;
import dev.attache.ratelimit.config.RateLimitSpec;
import java.util.List;

/** {@code ratelimit.config.ratelimit.v3.RateLimitConfig} to the specs YAML files produce, field for field as upstream maps them. */
final class XdsSpecs {
  private XdsSpecs() {
  }

  static DomainSpec of(RateLimitConfig config) {
    String name = config.getName().isEmpty() ? "xds:" + config.getDomain() : config.getName();
    return new DomainSpec(null, name, config.getDomain(), descriptors(config.getDescriptorsList()));
  }

  private static List<DescriptorSpec> descriptors(List<RateLimitDescriptor> list) {
    return list.stream().map(d -> new DescriptorSpec(d.getKey(), d.getValue(),
        d.hasRateLimit() ? policy(d.getRateLimit()) : null, List.of(), descriptors(d.getDescriptorsList()),
        d.getShadowMode(), d.getQuotaMode(), d.getDetailedMetric(), false, false,
        d.hasMetadata() && d.getMetadata().getFieldsCount() > 0 ? d.getMetadata() : null)).toList();
  }

  private static RateLimitSpec policy(RateLimitPolicy p) {
    return new RateLimitSpec(Integer.toUnsignedLong(p.getRequestsPerUnit()), p.getUnit().name(), p.getUnlimited(),
        p.getName(), p.getReplacesList().stream().map(RateLimitReplace::getName).toList(), "", 0, 1);
  }
}

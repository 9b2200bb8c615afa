package dev.attache.control.xds.translate;

import dev.attache.control.ir.Xds;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.ratelimit.api.v3.RateLimitDescriptor;
import dev.attache.ratelimit.api.v3.RateLimitPolicy;
import dev.attache.ratelimit.api.v3.RateLimitUnit;
import java.util.List;

/**
 * A gateway's global rate limits as the rate-limit service's xDS resources
 * ({@code ratelimit.config.ratelimit.v3.RateLimitConfig}), one per domain, as Envoy Gateway's
 * global rate-limit runner publishes them: the same documents {@link RateLimitServiceConfig} builds
 * for the YAML form.
 */
public final class RateLimitConfigResources {
  private RateLimitConfigResources() {}

  /** The configs of every HTTP listener of {@code ir}, sorted by domain; empty when none has a global limit. */
  public static List<RateLimitConfig> of(Xds ir) {
    return RateLimitServiceConfig.build(ir.http()).stream().map(RateLimitConfigResources::config).toList();
  }

  private static RateLimitConfig config(RateLimitServiceConfig.Config c) {
    RateLimitConfig.Builder out = RateLimitConfig.newBuilder().setName(c.name()).setDomain(c.domain());
    c.descriptors().forEach(d -> out.addDescriptors(descriptor(d)));
    return out.build();
  }

  private static RateLimitDescriptor descriptor(RateLimitServiceConfig.Descriptor d) {
    RateLimitDescriptor.Builder out = RateLimitDescriptor.newBuilder().setKey(d.key).setValue(d.value)
        .setShadowMode(d.shadowMode);
    if (d.rateLimit != null) {
      out.setRateLimit(RateLimitPolicy.newBuilder()
          // uint32 on the wire: Java's int carries its bits.
          .setRequestsPerUnit((int) Math.min(d.rateLimit.requestsPerUnit(), 0xFFFF_FFFFL))
          .setUnit(unit(d.rateLimit.unit())));
    }
    d.descriptors.forEach(child -> out.addDescriptors(descriptor(child)));
    return out.build();
  }

  /** Upstream's unit names upper-cased; one the proto does not know is UNKNOWN, which the service refuses. */
  private static RateLimitUnit unit(String name) {
    try {
      return RateLimitUnit.valueOf(name);
    } catch (IllegalArgumentException e) {
      return RateLimitUnit.UNKNOWN;
    }
  }
}

package dev.attache.ratelimit.match;

import dev.attache.ratelimit.config.DescriptorSpec;
import dev.attache.ratelimit.config.DomainSpec;
import dev.attache.ratelimit.config.RateLimitSpec;
import dev.attache.ratelimit.config.Units;
import dev.attache.ratelimit.match.LimitRule.Algorithm;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.config.ConfigException;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates domain specs and builds the descriptor trees, applying envoyproxy/ratelimit's rules:
 * a domain appears once unless domains are merged, a composite key once per level, units are
 * SECOND..YEAR unless the limit is unlimited, {@code replaces} entries are non-empty and never the
 * rule's own name, {@code share_threshold} only on a wildcard. Errors name the file, the domain
 * and the descriptor path.
 */
public final class TreeBuilder {
  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  private final RateLimitMetrics metrics;
  private final boolean mergeDomains;
  private final Map<String, DescriptorNode> domains = new LinkedHashMap<>();

  public TreeBuilder(RateLimitMetrics metrics, boolean mergeDomains) {
    this.metrics = metrics;
    this.mergeDomains = mergeDomains;
  }

  /** Builds one configuration from every spec; throws on the first error. */
  public static RateLimitConfig build(List<DomainSpec> specs, RateLimitMetrics metrics, boolean mergeDomains)
      throws ConfigException {
    TreeBuilder b = new TreeBuilder(metrics, mergeDomains);
    for (DomainSpec spec : specs) {
      b.add(spec);
    }
    return new RateLimitConfig(b.domains, metrics);
  }

  private void add(DomainSpec spec) throws ConfigException {
    if (spec.domain().isEmpty()) {
      throw error(spec, "config file cannot have empty domain");
    }
    DescriptorNode root = domains.get(spec.domain());
    if (root != null && !mergeDomains) {
      String detail = "duplicate domain '" + spec.domain() + "' in config file";
      throw new ConfigException(spec.source(), spec.source() != null ? detail : spec.name() + ": " + detail);
    }
    if (root == null) {
      root = DescriptorNode.root();
      domains.put(spec.domain(), root);
    }
    load(spec, root, spec.domain() + ".", spec.descriptors(), false);
  }

  private void load(DomainSpec spec, DescriptorNode parent, String parentKey, List<DescriptorSpec> descriptors,
      boolean pathValueToMetric) throws ConfigException {
    for (DescriptorSpec d : descriptors) {
      String where = parentKey + (d.key().isEmpty() ? "<empty key>" : d.key())
          + (d.value().isEmpty() ? "" : "_" + d.value());
      if (d.key().isEmpty()) {
        throw error(spec, "descriptor has empty key (under '" + parentKey.substring(0, parentKey.length() - 1) + "')");
      }
      String finalKey = d.value().isEmpty() ? d.key() : d.key() + "_" + d.value();
      String fullKey = parentKey + finalKey;
      if (parent.children.containsKey(finalKey)) {
        throw error(spec, "duplicate descriptor composite key '" + fullKey + "'");
      }
      List<LimitRule> rules = new ArrayList<>();
      if (d.rateLimit() != null) {
        rules.add(rule(spec, where, fullKey, d, d.rateLimit(), 0));
      } else if (!d.moreLimits().isEmpty()) {
        throw error(spec, "descriptor '" + where + "': rate_limits needs a rate_limit to go with it");
      }
      for (int i = 0; i < d.moreLimits().size(); i++) {
        LimitRule extra = rule(spec, where, fullKey, d, d.moreLimits().get(i), i + 1);
        if (extra.unlimited() || rules.getFirst().unlimited()) {
          throw error(spec, "descriptor '" + where + "': rate_limits[" + i
              + "]: unlimited cannot be combined with other limits");
        }
        rules.add(extra);
      }
      boolean wildcard = finalKey.indexOf('*') >= 0;
      if (d.shareThreshold() && !wildcard) {
        throw error(spec, "share_threshold can only be used with wildcard values (containing '*'), but found key '"
            + finalKey + "' (descriptor '" + where + "')");
      }
      if (wildcard) {
        parent.wildcards.add(Wildcard.of(finalKey));
      }
      boolean pathV2m = pathValueToMetric || d.valueToMetric();
      DescriptorNode node = new DescriptorNode(fullKey, rules, d.valueToMetric(), d.shareThreshold(),
          d.shareThreshold() ? finalKey : null, d.metadata(), pathV2m);
      load(spec, node, fullKey + ".", d.descriptors(), pathV2m);
      parent.children.put(finalKey, node);
    }
  }

  private LimitRule rule(DomainSpec spec, String where, String fullKey, DescriptorSpec d, RateLimitSpec r, int index)
      throws ConfigException {
    String field = index == 0 ? "rate_limit" : "rate_limits[" + (index - 1) + "]";
    String at = "descriptor '" + where + "': " + field + ": ";
    Optional<Unit> unit = Units.parse(r.unit());
    if (r.unlimited()) {
      if (unit.isPresent()) {
        throw error(spec, at + "should not specify rate limit unit when unlimited");
      }
    } else if (unit.isEmpty()) {
      throw error(spec, at + "invalid rate limit unit '" + r.unit() + "' (expected: second, minute, hour, day, week, month or year)");
    }
    if (r.requestsPerUnit() < 0 || r.requestsPerUnit() > MAX_UINT32) {
      throw error(spec, at + "requests_per_unit: " + r.requestsPerUnit() + " (expected: 0-4294967295)");
    }
    for (String replaced : r.replaces()) {
      if (replaced.isEmpty()) {
        throw error(spec, at + "should not have an empty replaces entry");
      }
      if (replaced.equals(r.name())) {
        throw error(spec, at + "replaces should not contain name of same descriptor");
      }
    }
    if (r.unitMultiplier() < 1) {
      throw error(spec, at + "unit_multiplier: " + r.unitMultiplier() + " (expected: >= 1)");
    }
    if (r.burst() < 0 || r.burst() > MAX_UINT32) {
      throw error(spec, at + "burst: " + r.burst() + " (expected: 0-4294967295)");
    }
    Algorithm algorithm = switch (r.algorithm().toLowerCase(Locale.ROOT)) {
      case "", "fixed_window" -> Algorithm.FIXED_WINDOW;
      case "token_bucket" -> Algorithm.TOKEN_BUCKET;
      default -> throw error(spec, at + "algorithm: '" + r.algorithm() + "' (expected: fixed_window or token_bucket)");
    };
    if (algorithm == Algorithm.FIXED_WINDOW && r.burst() != 0) {
      throw error(spec, at + "burst: " + r.burst() + " (expected: only with algorithm: token_bucket)");
    }
    Unit u = unit.orElse(Unit.UNKNOWN);
    RateLimit limit = RateLimit.newBuilder()
        .setRequestsPerUnit((int) r.requestsPerUnit())
        .setUnit(u)
        .setName(r.name())
        .build();
    long window = r.unlimited() ? 0 : Units.seconds(u) * r.unitMultiplier();
    String suffix = "";
    if (index > 0 || r.unitMultiplier() != 1 || algorithm != Algorithm.FIXED_WINDOW) {
      // Attaché's own rules count under keys envoyproxy/ratelimit never writes, and never under
      // each other's: 10/minute and 150/15 minutes share window starts on the quarter hour.
      suffix = "_" + (algorithm == Algorithm.TOKEN_BUCKET ? "tb" : "fw") + window + "s" + (index > 0 ? "r" + index : "");
    }
    return new LimitRule(fullKey, limit, window, r.unlimited(), d.shadowMode(), d.quotaMode(), d.detailedMetric(),
        r.name(), r.replaces(), algorithm, r.burst() > 0 ? r.burst() : r.requestsPerUnit(), suffix,
        metrics.stats(fullKey));
  }

  private static ConfigException error(DomainSpec spec, String detail) {
    String domain = spec.domain().isEmpty() ? "" : "domain '" + spec.domain() + "': ";
    return new ConfigException(spec.source(), spec.source() != null ? domain + detail : spec.name() + ": " + domain + detail);
  }
}

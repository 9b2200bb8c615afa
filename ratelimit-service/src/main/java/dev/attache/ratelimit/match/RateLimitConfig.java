package dev.attache.ratelimit.match;

import dev.attache.ratelimit.config.Units;
import dev.attache.ratelimit.match.LimitRule.Algorithm;
import dev.attache.ratelimit.metrics.LimitStats;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded configuration: one descriptor tree per domain, and the lookup that finds the limit
 * for a request descriptor exactly as envoyproxy/ratelimit does. At each level the exact
 * {@code key_value} wins, then the wildcards in config order, then the bare {@code key}; there
 * is no backtracking, and a limit applies only at the node the last entry matched.
 *
 * <p>Hot path: the common lookup allocates only the {@code key_value} strings; the per-request
 * bookkeeping for detailed metrics, {@code value_to_metric} and {@code share_threshold} happens
 * in a second walk only when the matched node needs it.
 */
public final class RateLimitConfig {
  private final Map<String, DescriptorNode> domains;
  private final RateLimitMetrics metrics;

  RateLimitConfig(Map<String, DescriptorNode> domains, RateLimitMetrics metrics) {
    this.domains = Collections.unmodifiableMap(domains);
    this.metrics = metrics;
  }

  public boolean isEmpty() {
    return domains.isEmpty();
  }

  public Set<String> domains() {
    return domains.keySet();
  }

  /**
   * The limits for one descriptor, or null when none applies (also for an unknown domain, which
   * is counted in {@code domain_not_found}).
   *
   * @throws IllegalArgumentException for a descriptor {@code limit} override without a valid unit
   */
  public MatchedLimit getLimit(String domain, RateLimitDescriptor descriptor) {
    DescriptorNode root = domains.get(domain);
    if (root == null) {
      metrics.domainNotFound(domain);
      return null;
    }
    if (descriptor.hasLimit()) {
      return override(domain, descriptor);
    }
    int n = descriptor.getEntriesCount();
    Map<String, DescriptorNode> level = root.children;
    DescriptorNode prev = root;
    DescriptorNode found = null;
    boolean needsWalk = false;
    for (int i = 0; i < n; i++) {
      Entry entry = descriptor.getEntries(i);
      String key = entry.getKey();
      String finalKey = key + "_" + entry.getValue();
      DescriptorNode next = level.get(finalKey);
      if (next == null && !prev.wildcards.isEmpty()) {
        for (Wildcard w : prev.wildcards) {
          if (w.matches(finalKey)) {
            next = level.get(w.key());
            if (next.shareThreshold || !hasKeyPrefix(w.key(), key)) {
              needsWalk = true;
            }
            break;
          }
        }
      }
      if (next == null) {
        next = level.get(key);
      }
      if (next == null) {
        break;
      }
      if (i == n - 1 && !next.rules.isEmpty()) {
        found = next;
      }
      if (next.children.isEmpty()) {
        break;
      }
      level = next.children;
      prev = next;
    }
    if (found == null) {
      return null;
    }
    if (found.fixed != null && !needsWalk) {
      return found.fixed;
    }
    return walk(domain, descriptor, root);
  }

  /** The same walk again, keeping what the stats key and the shared counters need. */
  private MatchedLimit walk(String domain, RateLimitDescriptor descriptor, DescriptorNode root) {
    int n = descriptor.getEntriesCount();
    StringBuilder detailed = new StringBuilder(domain);
    StringBuilder byValue = new StringBuilder(domain);
    String[] share = null;
    Map<String, DescriptorNode> level = root.children;
    DescriptorNode prev = root;
    DescriptorNode found = null;
    for (int i = 0; i < n; i++) {
      Entry entry = descriptor.getEntries(i);
      String key = entry.getKey();
      String value = entry.getValue();
      String finalKey = key + "_" + value;
      detailed.append('.').append(finalKey);
      DescriptorNode next = level.get(finalKey);
      String matchedWildcard = null;
      if (next == null && !prev.wildcards.isEmpty()) {
        for (Wildcard w : prev.wildcards) {
          if (w.matches(finalKey)) {
            next = level.get(w.key());
            matchedWildcard = w.key();
            break;
          }
        }
      }
      boolean matchedUsingValue = next != null;
      if (next == null) {
        next = level.get(key);
      }
      if (matchedWildcard != null && next.shareThreshold && next.wildcardPattern != null) {
        if (share == null) {
          share = new String[n];
        }
        share[i] = trimKeyPrefix(next.wildcardPattern, key);
      }
      byValue.append('.');
      if (next != null) {
        String use;
        if (matchedWildcard != null) {
          if (share != null && share[i] != null) {
            use = share[i];
          } else if (next.valueToMetric) {
            use = value;
          } else {
            use = trimKeyPrefix(matchedWildcard, key);
          }
        } else if (matchedUsingValue) {
          use = value;
        } else {
          use = next.valueToMetric ? value : "";
        }
        byValue.append(key);
        if (!use.isEmpty()) {
          byValue.append('_').append(use);
        }
      } else {
        byValue.append(key);
      }
      if (next != null && i == n - 1 && !next.rules.isEmpty()) {
        found = next;
      }
      if (next == null || next.children.isEmpty()) {
        break;
      }
      level = next.children;
      prev = next;
    }
    if (found == null) {
      return null;
    }
    List<LimitRule> rules = found.rules;
    LimitStats stats;
    if (rules.getFirst().detailedMetric()) {
      if (share != null) {
        StringBuilder k = new StringBuilder(domain);
        for (int i = 0; i < n; i++) {
          Entry entry = descriptor.getEntries(i);
          k.append('.').append(entry.getKey());
          if (share[i] != null) {
            k.append('_').append(share[i]);
          } else if (!entry.getValue().isEmpty()) {
            k.append('_').append(entry.getValue());
          }
        }
        stats = metrics.stats(k.toString());
      } else {
        stats = metrics.stats(detailed.toString());
      }
    } else {
      String key = byValue.toString();
      stats = key.equals(found.fullKey) ? rules.getFirst().stats() : metrics.stats(key);
    }
    return new MatchedLimit(rules, stats, share, found.metadata);
  }

  /** A limit Envoy sent with the descriptor; it is never in shadow mode, as upstream. */
  private MatchedLimit override(String domain, RateLimitDescriptor descriptor) {
    RateLimitDescriptor.RateLimitOverride o = descriptor.getLimit();
    Unit unit = Unit.forNumber(o.getUnitValue());
    if (unit == null || unit == Unit.UNKNOWN || unit == Unit.UNRECOGNIZED) {
      throw new IllegalArgumentException("descriptor limit override: unit " + o.getUnit()
          + " (expected: SECOND, MINUTE, HOUR, DAY, WEEK, MONTH or YEAR)");
    }
    String key = descriptorKey(domain, descriptor);
    LimitStats stats = metrics.stats(key);
    RateLimit limit = RateLimit.newBuilder().setRequestsPerUnit(o.getRequestsPerUnit()).setUnit(unit).build();
    LimitRule rule = new LimitRule(key, limit, Units.seconds(unit), false, false, false, false, "", List.of(),
        Algorithm.FIXED_WINDOW, Integer.toUnsignedLong(o.getRequestsPerUnit()), "", stats);
    return new MatchedLimit(List.of(rule), stats, null, null);
  }

  static String descriptorKey(String domain, RateLimitDescriptor descriptor) {
    StringBuilder b = new StringBuilder(domain).append('.');
    for (int i = 0; i < descriptor.getEntriesCount(); i++) {
      Entry e = descriptor.getEntries(i);
      if (i > 0) {
        b.append('.');
      }
      b.append(e.getKey());
      if (!e.getValue().isEmpty()) {
        b.append('_').append(e.getValue());
      }
    }
    return b.toString();
  }

  private static boolean hasKeyPrefix(String compositeKey, String key) {
    return compositeKey.length() > key.length() && compositeKey.startsWith(key)
        && compositeKey.charAt(key.length()) == '_';
  }

  private static String trimKeyPrefix(String compositeKey, String key) {
    return hasKeyPrefix(compositeKey, key) ? compositeKey.substring(key.length() + 1) : compositeKey;
  }

  /** The loaded limits, one line each, in the format of envoyproxy/ratelimit's {@code /rlconfig}. */
  public String dump() {
    StringBuilder b = new StringBuilder();
    for (DescriptorNode root : domains.values()) {
      dump(root, b);
    }
    return b.toString();
  }

  private static void dump(DescriptorNode node, StringBuilder b) {
    for (LimitRule r : node.rules) {
      b.append(r.fullKey()).append(": unit=").append(r.unit()).append(" requests_per_unit=")
          .append(r.requestsPerUnit()).append(", shadow_mode: ").append(r.shadowMode())
          .append(", quota_mode: ").append(r.quotaMode());
      if (r.unlimited()) {
        b.append(", unlimited: true");
      }
      if (!r.keySuffix().isEmpty()) {
        b.append(", algorithm: ").append(r.algorithm().name().toLowerCase(java.util.Locale.ROOT))
            .append(", window_seconds: ").append(r.windowSeconds());
        if (r.algorithm() == Algorithm.TOKEN_BUCKET) {
          b.append(", burst: ").append(r.capacity());
        }
      }
      b.append('\n');
    }
    for (DescriptorNode child : node.children.values()) {
      dump(child, b);
    }
  }
}

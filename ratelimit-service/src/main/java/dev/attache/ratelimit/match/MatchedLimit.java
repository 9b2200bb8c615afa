package dev.attache.ratelimit.match;

import com.google.protobuf.Struct;
import dev.attache.ratelimit.metrics.LimitStats;
import java.util.List;

/**
 * The limits that apply to one descriptor of a request. Most are built once per configuration
 * node; detailed metrics, {@code value_to_metric} and {@code share_threshold} make a per-request
 * one.
 *
 * @param rules the rule of {@code rate_limit} first, then those of {@code rate_limits}
 * @param stats where this descriptor's hits are counted
 * @param shareThresholdValues per descriptor entry, the wildcard value whose counter the entry
 *     shares, or null; the array itself is null when no entry shares
 * @param metadata the node's {@code metadata}, or null
 */
public record MatchedLimit(List<LimitRule> rules, LimitStats stats, String[] shareThresholdValues, Struct metadata) {

  public LimitRule primary() {
    return rules.getFirst();
  }

  public boolean unlimited() {
    return rules.getFirst().unlimited();
  }

  public boolean shadowMode() {
    return rules.getFirst().shadowMode();
  }

  public boolean quotaMode() {
    return rules.getFirst().quotaMode();
  }
}

package dev.attache.ratelimit.match;

import com.google.protobuf.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One level of a domain's descriptor tree. Built by {@link TreeBuilder} and not changed once the
 * configuration is published.
 */
final class DescriptorNode {
  /** Children by {@code key} or {@code key_value}, as envoyproxy/ratelimit keys them. */
  final Map<String, DescriptorNode> children = new HashMap<>();
  /** The children whose composite key has a {@code *}, in config order. */
  final List<Wildcard> wildcards = new ArrayList<>();
  final String fullKey;
  final List<LimitRule> rules;
  final boolean valueToMetric;
  final boolean shareThreshold;
  /** The composite key when {@code share_threshold} is set on a wildcard, else null. */
  final String wildcardPattern;
  final Struct metadata;
  /** Some node from the domain down to this one sets {@code value_to_metric}. */
  final boolean pathValueToMetric;
  /** The answer for this node when nothing about it depends on the request, else null. */
  final MatchedLimit fixed;

  DescriptorNode(String fullKey, List<LimitRule> rules, boolean valueToMetric, boolean shareThreshold,
      String wildcardPattern, Struct metadata, boolean pathValueToMetric) {
    this.fullKey = fullKey;
    this.rules = List.copyOf(rules);
    this.valueToMetric = valueToMetric;
    this.shareThreshold = shareThreshold;
    this.wildcardPattern = wildcardPattern;
    this.metadata = metadata;
    this.pathValueToMetric = pathValueToMetric;
    this.fixed = this.rules.isEmpty() || this.rules.getFirst().detailedMetric() || pathValueToMetric
        ? null
        : new MatchedLimit(this.rules, this.rules.getFirst().stats(), null, metadata);
  }

  static DescriptorNode root() {
    return new DescriptorNode("", List.of(), false, false, null, null, false);
  }
}

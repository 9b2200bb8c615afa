package dev.attache.authz.service;

import dev.attache.authz.policy.PolicySet;
import java.util.Map;

/** The compiled policies of one configuration version, looked up by the {@code attache.io/policy} value. */
record PolicyTable(PolicySet source, Map<String, PolicyEnforcer> byKey) {
  static final PolicyTable EMPTY = new PolicyTable(PolicySet.of(Map.of()), Map.of());

  PolicyTable {
    byKey = Map.copyOf(byKey);
  }

  PolicyEnforcer get(String key) {
    return byKey.get(key);
  }
}

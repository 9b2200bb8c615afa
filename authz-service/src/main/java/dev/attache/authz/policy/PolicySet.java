package dev.attache.authz.policy;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every SecurityPolicy of one configuration version, by {@code namespace/name}. */
public record PolicySet(SortedMap<PolicyId, SecurityPolicy> policies) {
  public PolicySet {
    policies = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(policies));
  }

  public static PolicySet of(Map<PolicyId, SecurityPolicy> policies) {
    return new PolicySet(new TreeMap<>(policies));
  }

  public Optional<SecurityPolicy> get(PolicyId id) {
    return Optional.ofNullable(policies.get(id));
  }
}

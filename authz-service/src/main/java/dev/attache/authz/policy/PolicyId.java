package dev.attache.authz.policy;

import static java.util.Objects.requireNonNull;

/** A SecurityPolicy's {@code namespace/name}, the value Envoy sends in {@code attache.io/policy}. */
public record PolicyId(String namespace, String name) implements Comparable<PolicyId> {
  public PolicyId {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
  }

  public static PolicyId of(String namespace, String name) {
    return new PolicyId(namespace, name);
  }

  @Override
  public int compareTo(PolicyId o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}

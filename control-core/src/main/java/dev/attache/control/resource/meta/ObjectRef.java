package dev.attache.control.resource.meta;

import static java.util.Objects.requireNonNull;

/** A resource's identity: kind, namespace (empty when cluster-scoped) and name. */
public record ObjectRef(String kind, String namespace, String name) {
  public ObjectRef {
    requireNonNull(kind, "kind");
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
  }

  public static ObjectRef of(KubernetesObject object) {
    return new ObjectRef(object.kind() == null ? "" : object.kind(), object.namespace(), object.name());
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}

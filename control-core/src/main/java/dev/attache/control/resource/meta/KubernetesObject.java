package dev.attache.control.resource.meta;

/**
 * What every top-level resource has: its type ({@code apiVersion}, {@code kind}) and its metadata.
 * The generated records of the root kinds implement it through their record components.
 */
public interface KubernetesObject {
  String apiVersion();

  String kind();

  ObjectMeta metadata();

  /** The namespace, or empty for cluster-scoped objects. */
  default String namespace() {
    ObjectMeta m = metadata();
    return m == null || m.namespace() == null ? "" : m.namespace();
  }

  default String name() {
    ObjectMeta m = metadata();
    return m == null || m.name() == null ? "" : m.name();
  }

  /** {@code Kind namespace/name} (or {@code Kind name} when cluster-scoped), as messages name it. */
  default String displayName() {
    return ObjectRef.of(this).toString();
  }
}

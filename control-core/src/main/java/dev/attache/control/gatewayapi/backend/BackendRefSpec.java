package dev.attache.control.gatewayapi.backend;

import dev.attache.control.resource.gatewayapi.BackendRef;
import dev.attache.control.resource.gatewayapi.GRPCBackendRef;
import dev.attache.control.resource.gatewayapi.GRPCRouteFilter;
import dev.attache.control.resource.gatewayapi.HTTPBackendRef;
import dev.attache.control.resource.gatewayapi.HTTPRouteFilter;
import java.util.List;

/**
 * A backend reference of any route kind: the object it names, its weight, and (for HTTP and
 * gRPC routes) the filters that apply to it alone.
 */
public record BackendRefSpec(String group, String kind, String name, String namespace, Integer port, Integer weight,
    List<HTTPRouteFilter> httpFilters, List<GRPCRouteFilter> grpcFilters) {

  public static BackendRefSpec of(HTTPBackendRef r) {
    return new BackendRefSpec(r.group(), r.kind(), r.name(), r.namespace(), r.port(), r.weight(), r.filters(), null);
  }

  public static BackendRefSpec of(GRPCBackendRef r) {
    return new BackendRefSpec(r.group(), r.kind(), r.name(), r.namespace(), r.port(), r.weight(), null, r.filters());
  }

  public static BackendRefSpec of(BackendRef r) {
    return new BackendRefSpec(r.group(), r.kind(), r.name(), r.namespace(), r.port(), r.weight(), null, null);
  }

  /** A reference without weight or filters (telemetry and policy backends). */
  public static BackendRefSpec of(String group, String kind, String name, String namespace, Integer port) {
    return new BackendRefSpec(group, kind, name, namespace, port, null, null, null);
  }

  /** The kind, {@code Service} when unset. */
  public String kindOrService() {
    return kind == null || kind.isEmpty() ? "Service" : kind;
  }

  public String groupOrCore() {
    return group == null ? "" : group;
  }

  /** The namespace, or {@code defaultNamespace} when unset. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null || namespace.isEmpty() ? defaultNamespace : namespace;
  }

  public boolean hasFilters() {
    return (httpFilters != null && !httpFilters.isEmpty()) || (grpcFilters != null && !grpcFilters.isEmpty());
  }
}

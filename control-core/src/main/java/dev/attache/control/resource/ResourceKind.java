package dev.attache.control.resource;

import dev.attache.control.resource.certificates.ClusterTrustBundle;
import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.discovery.EndpointSlice;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicy;
import dev.attache.control.resource.envoygateway.ClientTrafficPolicy;
import dev.attache.control.resource.envoygateway.EnvoyExtensionPolicy;
import dev.attache.control.resource.envoygateway.EnvoyPatchPolicy;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.HTTPRouteFilter;
import dev.attache.control.resource.envoygateway.SecurityPolicy;
import dev.attache.control.resource.gatewayapi.BackendTLSPolicy;
import dev.attache.control.resource.gatewayapi.GRPCRoute;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import dev.attache.control.resource.gatewayapi.ReferenceGrant;
import dev.attache.control.resource.gatewayapi.TCPRoute;
import dev.attache.control.resource.gatewayapi.TLSRoute;
import dev.attache.control.resource.gatewayapi.UDPRoute;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.multicluster.ServiceImport;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds Attaché reads: their API group, the record they parse into, whether they live in a
 * namespace, and the key of their list in Envoy Gateway's resource layout (the {@code *.in.yaml}
 * map of lists). Every API version of a group parses into the same record, as Envoy Gateway
 * converts them all to one version.
 */
enum ResourceKind {
  GATEWAY_CLASS("GatewayClass", Groups.GATEWAY_API, GatewayClass.class, false, "gatewayClasses"),
  GATEWAY("Gateway", Groups.GATEWAY_API, Gateway.class, true, "gateways"),
  LISTENER_SET("ListenerSet", Groups.GATEWAY_API, ListenerSet.class, true, "listenerSets"),
  HTTP_ROUTE("HTTPRoute", Groups.GATEWAY_API, HTTPRoute.class, true, "httpRoutes"),
  GRPC_ROUTE("GRPCRoute", Groups.GATEWAY_API, GRPCRoute.class, true, "grpcRoutes"),
  TLS_ROUTE("TLSRoute", Groups.GATEWAY_API, TLSRoute.class, true, "tlsRoutes"),
  TCP_ROUTE("TCPRoute", Groups.GATEWAY_API, TCPRoute.class, true, "tcpRoutes"),
  UDP_ROUTE("UDPRoute", Groups.GATEWAY_API, UDPRoute.class, true, "udpRoutes"),
  REFERENCE_GRANT("ReferenceGrant", Groups.GATEWAY_API, ReferenceGrant.class, true, "referenceGrants"),
  BACKEND_TLS_POLICY("BackendTLSPolicy", Groups.GATEWAY_API, BackendTLSPolicy.class, true, "backendTLSPolicies"),
  ENVOY_PROXY("EnvoyProxy", Groups.ENVOY_GATEWAY, EnvoyProxy.class, true, "envoyProxiesForGateways"),
  BACKEND("Backend", Groups.ENVOY_GATEWAY, Backend.class, true, "backends"),
  CLIENT_TRAFFIC_POLICY("ClientTrafficPolicy", Groups.ENVOY_GATEWAY, ClientTrafficPolicy.class, true,
      "clientTrafficPolicies"),
  BACKEND_TRAFFIC_POLICY("BackendTrafficPolicy", Groups.ENVOY_GATEWAY, BackendTrafficPolicy.class, true,
      "backendTrafficPolicies"),
  SECURITY_POLICY("SecurityPolicy", Groups.ENVOY_GATEWAY, SecurityPolicy.class, true, "securityPolicies"),
  ENVOY_EXTENSION_POLICY("EnvoyExtensionPolicy", Groups.ENVOY_GATEWAY, EnvoyExtensionPolicy.class, true,
      "envoyExtensionPolicies"),
  ENVOY_PATCH_POLICY("EnvoyPatchPolicy", Groups.ENVOY_GATEWAY, EnvoyPatchPolicy.class, true, "envoyPatchPolicies"),
  HTTP_ROUTE_FILTER("HTTPRouteFilter", Groups.ENVOY_GATEWAY, HTTPRouteFilter.class, true, "httpFilters"),
  NAMESPACE("Namespace", "", Namespace.class, false, "namespaces"),
  SERVICE("Service", "", Service.class, true, "services"),
  SECRET("Secret", "", Secret.class, true, "secrets"),
  CONFIG_MAP("ConfigMap", "", ConfigMap.class, true, "configMaps"),
  ENDPOINT_SLICE("EndpointSlice", "discovery.k8s.io", EndpointSlice.class, true, "endpointSlices"),
  SERVICE_IMPORT("ServiceImport", "multicluster.x-k8s.io", ServiceImport.class, true, "serviceImports"),
  CLUSTER_TRUST_BUNDLE("ClusterTrustBundle", "certificates.k8s.io", ClusterTrustBundle.class, false,
      "clusterTrustBundles");

  private static final Map<String, ResourceKind> BY_GROUP_KIND = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(k -> k.group + "/" + k.kind, Function.identity()));

  private final String kind;
  private final String group;
  private final Class<? extends KubernetesObject> type;
  private final boolean namespaced;
  private final String listKey;

  ResourceKind(String kind, String group, Class<? extends KubernetesObject> type, boolean namespaced,
      String listKey) {
    this.kind = kind;
    this.group = group;
    this.type = type;
    this.namespaced = namespaced;
    this.listKey = listKey;
  }

  /** The kind for an object's {@code apiVersion} and {@code kind}, when Attaché reads it. */
  public static Optional<ResourceKind> of(String apiVersion, String kind) {
    String v = apiVersion == null ? "" : apiVersion;
    int slash = v.indexOf('/');
    String group = slash < 0 ? "" : v.substring(0, slash);
    return Optional.ofNullable(BY_GROUP_KIND.get(group + "/" + kind));
  }

  /** The kind whose list has this key in the map-of-lists layout (compared ignoring case, as Go does). */
  public static Optional<ResourceKind> ofListKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.listKey.toLowerCase(Locale.ROOT).equals(k)).findFirst();
  }

  public String kind() {
    return kind;
  }

  public String group() {
    return group;
  }

  public Class<? extends KubernetesObject> type() {
    return type;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public String listKey() {
    return listKey;
  }

  /** API group names. */
  public static final class Groups {
    public static final String GATEWAY_API = "gateway.networking.k8s.io";
    public static final String ENVOY_GATEWAY = "gateway.envoyproxy.io";

    private Groups() {
    }
  }
}

package dev.attache.control.resource;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import dev.attache.control.resource.envoygateway.EnvoyProxySpec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every object the control plane sees at one consistent moment: the input of the Gateway API
 * translator. The JSON names follow Envoy Gateway's {@code resource.Resources}, so its test
 * inputs read directly, except that GatewayClasses form a list ({@code gatewayClass}, a single
 * object there, is read into it) and {@code envoyProxiesForGateways} holds every EnvoyProxy
 * a provider found. Lists are never null and keep the order objects were read in.
 *
 * @param envoyProxyForGatewayClass the EnvoyProxy of the GatewayClass when the input names it
 *     directly (Envoy Gateway's test layout); null when it is to be found by parametersRef
 * @param envoyProxyDefaultSpec the EnvoyProxy spec from the EnvoyGateway configuration, the
 *     lowest-priority fallback; may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceSet(
    @JsonProperty("envoyProxyForGatewayClass") EnvoyProxy envoyProxyForGatewayClass,
    @JsonProperty("envoyProxyDefaultSpec") EnvoyProxySpec envoyProxyDefaultSpec,
    @JsonProperty("gatewayClasses") List<GatewayClass> gatewayClasses,
    @JsonProperty("gateways") List<Gateway> gateways,
    @JsonProperty("listenerSets") List<ListenerSet> listenerSets,
    @JsonProperty("httpRoutes") List<HTTPRoute> httpRoutes,
    @JsonProperty("grpcRoutes") List<GRPCRoute> grpcRoutes,
    @JsonProperty("tlsRoutes") List<TLSRoute> tlsRoutes,
    @JsonProperty("tcpRoutes") List<TCPRoute> tcpRoutes,
    @JsonProperty("udpRoutes") List<UDPRoute> udpRoutes,
    @JsonProperty("referenceGrants") List<ReferenceGrant> referenceGrants,
    @JsonProperty("namespaces") List<Namespace> namespaces,
    @JsonProperty("services") List<Service> services,
    @JsonProperty("serviceImports") List<ServiceImport> serviceImports,
    @JsonProperty("endpointSlices") List<EndpointSlice> endpointSlices,
    @JsonProperty("secrets") List<Secret> secrets,
    @JsonProperty("configMaps") List<ConfigMap> configMaps,
    @JsonProperty("extensionRefFilters") List<UnstructuredObject> extensionRefFilters,
    @JsonProperty("envoyPatchPolicies") List<EnvoyPatchPolicy> envoyPatchPolicies,
    @JsonProperty("clientTrafficPolicies") List<ClientTrafficPolicy> clientTrafficPolicies,
    @JsonProperty("backendTrafficPolicies") List<BackendTrafficPolicy> backendTrafficPolicies,
    @JsonProperty("securityPolicies") List<SecurityPolicy> securityPolicies,
    @JsonProperty("backendTLSPolicies") List<BackendTLSPolicy> backendTLSPolicies,
    @JsonProperty("envoyExtensionPolicies") List<EnvoyExtensionPolicy> envoyExtensionPolicies,
    @JsonProperty("extensionServerPolicies") List<UnstructuredObject> extensionServerPolicies,
    @JsonProperty("backends") List<Backend> backends,
    @JsonProperty("httpFilters") List<HTTPRouteFilter> httpFilters,
    @JsonProperty("envoyProxiesForGateways") List<EnvoyProxy> envoyProxies,
    @JsonProperty("clusterTrustBundles") List<ClusterTrustBundle> clusterTrustBundles) {

  public ResourceSet {
    gatewayClasses = List.copyOf(gatewayClasses);
    gateways = List.copyOf(gateways);
    listenerSets = List.copyOf(listenerSets);
    httpRoutes = List.copyOf(httpRoutes);
    grpcRoutes = List.copyOf(grpcRoutes);
    tlsRoutes = List.copyOf(tlsRoutes);
    tcpRoutes = List.copyOf(tcpRoutes);
    udpRoutes = List.copyOf(udpRoutes);
    referenceGrants = List.copyOf(referenceGrants);
    namespaces = List.copyOf(namespaces);
    services = List.copyOf(services);
    serviceImports = List.copyOf(serviceImports);
    endpointSlices = List.copyOf(endpointSlices);
    secrets = List.copyOf(secrets);
    configMaps = List.copyOf(configMaps);
    extensionRefFilters = List.copyOf(extensionRefFilters);
    envoyPatchPolicies = List.copyOf(envoyPatchPolicies);
    clientTrafficPolicies = List.copyOf(clientTrafficPolicies);
    backendTrafficPolicies = List.copyOf(backendTrafficPolicies);
    securityPolicies = List.copyOf(securityPolicies);
    backendTLSPolicies = List.copyOf(backendTLSPolicies);
    envoyExtensionPolicies = List.copyOf(envoyExtensionPolicies);
    extensionServerPolicies = List.copyOf(extensionServerPolicies);
    backends = List.copyOf(backends);
    httpFilters = List.copyOf(httpFilters);
    envoyProxies = List.copyOf(envoyProxies);
    clusterTrustBundles = List.copyOf(clusterTrustBundles);
  }

  public static ResourceSet empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this set as it is: every object in its list (extension filters and extension
   * policies kept apart), the GatewayClass's EnvoyProxy and the default EnvoyProxy spec.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    objects().filter(o -> o != envoyProxyForGatewayClass && !(o instanceof UnstructuredObject)).forEach(b::add);
    extensionRefFilters.forEach(b::addExtensionRefFilter);
    extensionServerPolicies.forEach(b::addExtensionServerPolicy);
    return b.envoyProxyForGatewayClass(envoyProxyForGatewayClass).envoyProxyDefaultSpec(envoyProxyDefaultSpec);
  }

  /** Every object of the set, in list order (the two unstructured lists last). */
  public Stream<KubernetesObject> objects() {
    return Stream.of(
            Stream.ofNullable(envoyProxyForGatewayClass), gatewayClasses.stream(), gateways.stream(),
            listenerSets.stream(), httpRoutes.stream(), grpcRoutes.stream(), tlsRoutes.stream(),
            tcpRoutes.stream(), udpRoutes.stream(), referenceGrants.stream(), namespaces.stream(),
            services.stream(), serviceImports.stream(), endpointSlices.stream(), secrets.stream(),
            configMaps.stream(), envoyPatchPolicies.stream(), clientTrafficPolicies.stream(),
            backendTrafficPolicies.stream(), securityPolicies.stream(), backendTLSPolicies.stream(),
            envoyExtensionPolicies.stream(), backends.stream(), httpFilters.stream(),
            envoyProxies.stream(), clusterTrustBundles.stream(), extensionRefFilters.stream(),
            extensionServerPolicies.stream())
        .flatMap(s -> s.map(KubernetesObject.class::cast));
  }

  /** How many objects the set holds. */
  public int size() {
    return (int) objects().count();
  }

  /** Collects objects into a {@link ResourceSet}, each into the list of its kind. */
  public static final class Builder {
    private EnvoyProxy envoyProxyForGatewayClass;
    private EnvoyProxySpec envoyProxyDefaultSpec;
    private final List<GatewayClass> gatewayClasses = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();
    private final List<ListenerSet> listenerSets = new ArrayList<>();
    private final List<HTTPRoute> httpRoutes = new ArrayList<>();
    private final List<GRPCRoute> grpcRoutes = new ArrayList<>();
    private final List<TLSRoute> tlsRoutes = new ArrayList<>();
    private final List<TCPRoute> tcpRoutes = new ArrayList<>();
    private final List<UDPRoute> udpRoutes = new ArrayList<>();
    private final List<ReferenceGrant> referenceGrants = new ArrayList<>();
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<ServiceImport> serviceImports = new ArrayList<>();
    private final List<EndpointSlice> endpointSlices = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private final List<ConfigMap> configMaps = new ArrayList<>();
    private final List<UnstructuredObject> extensionRefFilters = new ArrayList<>();
    private final List<EnvoyPatchPolicy> envoyPatchPolicies = new ArrayList<>();
    private final List<ClientTrafficPolicy> clientTrafficPolicies = new ArrayList<>();
    private final List<BackendTrafficPolicy> backendTrafficPolicies = new ArrayList<>();
    private final List<SecurityPolicy> securityPolicies = new ArrayList<>();
    private final List<BackendTLSPolicy> backendTLSPolicies = new ArrayList<>();
    private final List<EnvoyExtensionPolicy> envoyExtensionPolicies = new ArrayList<>();
    private final List<UnstructuredObject> extensionServerPolicies = new ArrayList<>();
    private final List<Backend> backends = new ArrayList<>();
    private final List<HTTPRouteFilter> httpFilters = new ArrayList<>();
    private final List<EnvoyProxy> envoyProxies = new ArrayList<>();
    private final List<ClusterTrustBundle> clusterTrustBundles = new ArrayList<>();

    private Builder() {
    }

    /** Adds an object to the list of its kind. Unstructured objects go to {@link #addExtensionRefFilter}. */
    public Builder add(KubernetesObject object) {
      requireNonNull(object, "object");
      switch (object) {
        case GatewayClass o -> gatewayClasses.add(o);
        case Gateway o -> gateways.add(o);
        case ListenerSet o -> listenerSets.add(o);
        case HTTPRoute o -> httpRoutes.add(o);
        case GRPCRoute o -> grpcRoutes.add(o);
        case TLSRoute o -> tlsRoutes.add(o);
        case TCPRoute o -> tcpRoutes.add(o);
        case UDPRoute o -> udpRoutes.add(o);
        case ReferenceGrant o -> referenceGrants.add(o);
        case Namespace o -> namespaces.add(o);
        case Service o -> services.add(o);
        case ServiceImport o -> serviceImports.add(o);
        case EndpointSlice o -> endpointSlices.add(o);
        case Secret o -> secrets.add(o);
        case ConfigMap o -> configMaps.add(o);
        case EnvoyPatchPolicy o -> envoyPatchPolicies.add(o);
        case ClientTrafficPolicy o -> clientTrafficPolicies.add(o);
        case BackendTrafficPolicy o -> backendTrafficPolicies.add(o);
        case SecurityPolicy o -> securityPolicies.add(o);
        case BackendTLSPolicy o -> backendTLSPolicies.add(o);
        case EnvoyExtensionPolicy o -> envoyExtensionPolicies.add(o);
        case Backend o -> backends.add(o);
        case HTTPRouteFilter o -> httpFilters.add(o);
        case EnvoyProxy o -> envoyProxies.add(o);
        case ClusterTrustBundle o -> clusterTrustBundles.add(o);
        case UnstructuredObject o -> extensionRefFilters.add(o);
        default -> throw new IllegalArgumentException("not a resource kind Attaché reads: " + object.getClass());
      }
      return this;
    }

    public Builder addAll(Iterable<? extends KubernetesObject> objects) {
      objects.forEach(this::add);
      return this;
    }

    public Builder addExtensionRefFilter(UnstructuredObject object) {
      extensionRefFilters.add(requireNonNull(object, "object"));
      return this;
    }

    public Builder addExtensionServerPolicy(UnstructuredObject object) {
      extensionServerPolicies.add(requireNonNull(object, "object"));
      return this;
    }

    /** Puts {@code updated} in place of the GatewayClass of the same name (e.g. with a status set). */
    public Builder replaceGatewayClass(GatewayClass updated) {
      requireNonNull(updated, "updated");
      gatewayClasses.replaceAll(gc -> gc.name().equals(updated.name()) ? updated : gc);
      return this;
    }

    public Builder envoyProxyForGatewayClass(EnvoyProxy proxy) {
      this.envoyProxyForGatewayClass = proxy;
      return this;
    }

    public Builder envoyProxyDefaultSpec(EnvoyProxySpec spec) {
      this.envoyProxyDefaultSpec = spec;
      return this;
    }

    public ResourceSet build() {
      return new ResourceSet(envoyProxyForGatewayClass, envoyProxyDefaultSpec, gatewayClasses, gateways,
          listenerSets, httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes, udpRoutes, referenceGrants, namespaces,
          services, serviceImports, endpointSlices, secrets, configMaps, extensionRefFilters, envoyPatchPolicies,
          clientTrafficPolicies, backendTrafficPolicies, securityPolicies, backendTLSPolicies,
          envoyExtensionPolicies, extensionServerPolicies, backends, httpFilters, envoyProxies,
          clusterTrustBundles);
    }
  }
}

package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.IpAddresses;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationFilters;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.ForceLocalZone;
import dev.attache.control.ir.PreferLocalZone;
import dev.attache.control.ir.TlsUpstreamConfig;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.core.ServicePort;
import dev.attache.control.resource.discovery.Endpoint;
import dev.attache.control.resource.discovery.EndpointPort;
import dev.attache.control.resource.discovery.EndpointSlice;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendEndpoint;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.multicluster.ServiceImport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a backend reference into an IR destination setting: a Service (its endpoints, or its
 * cluster IP when endpoint routing is off), a multi-cluster ServiceImport, or an Envoy Gateway
 * Backend, with the protocol, TLS and per-backend filters that apply. As Envoy Gateway's
 * {@code processDestination} and the helpers around it.
 */
public final class Destinations {
  private final TranslationContext ctx;
  private final BackendRefValidation validation;

  /** Turns a backend reference's own filters into destination filters. */
  public interface FilterProcessor {
    DestinationFilters process(BackendRefSpec ref) throws FilterException;
  }

  /** Works out the upstream TLS of a backend (BackendTLSPolicy, Backend TLS, gateway TLS). */
  public interface TlsResolver {
    TlsUpstreamConfig resolve(BackendRefSpec ref, String namespace) throws FilterException;
  }

  /** A backend filter or TLS setting that cannot be applied. */
  public static final class FilterException extends Exception {
    public FilterException(String message) {
      super(message);
    }
  }

  /** The destination (never null: an empty one when invalid) and the error, if any. */
  public record Outcome(DestinationSetting setting, RouteError error, UnstructuredObject customBackend) {
  }

  public Destinations(TranslationContext ctx) {
    this.ctx = ctx;
    this.validation = new BackendRefValidation(ctx);
  }

  public BackendRefValidation validation() {
    return validation;
  }

  /**
   * The destination setting {@code name} for {@code ref} of {@code route}.
   *
   * @param protocol the default upstream protocol of the route kind (HTTP, GRPC, TCP, UDP)
   */
  public Outcome process(String name, BackendRefSpec ref, RouteContext route, GatewayContext gateway,
      String protocol, String btpRoutingType, FilterProcessor filters, TlsResolver tls) {
    int weight = ref.weight() == null ? 1 : ref.weight();
    DestinationSetting empty = emptySetting(name, weight);
    String namespace = ref.namespaceOr(route.namespace());
    boolean custom = ctx.settings.isExtensionKind(ref.groupOrCore(), ref.kindOrService());
    RouteError err = custom
        ? validation.namespace(ref, route)
        : validation.validate(ref, route, namespace);
    if (err != null) {
      return new Outcome(empty, err, null);
    }
    if (weight == 0) {
      return new Outcome(empty, null, null);
    }
    EnvoyProxy envoyProxy = gateway == null ? null : gateway.envoyProxy();
    TlsUpstreamConfig upstreamTls = null;
    if (tls != null && !custom) {
      try {
        upstreamTls = tls.resolve(ref, namespace);
      } catch (FilterException e) {
        return new Outcome(empty, RouteError.of(e.getMessage(), RouteConditions.REASON_INVALID_BACKEND_TLS), null);
      }
    }
    DestinationSetting ds;
    switch (ref.kindOrService()) {
      case "ServiceImport" -> {
        Built b = serviceImport(name, ref, namespace, protocol, envoyProxy, btpRoutingType);
        if (b.error != null) {
          return new Outcome(empty, b.error, null);
        }
        ds = b.setting;
      }
      case "Service" -> {
        Built b = service(name, ref, namespace, protocol, envoyProxy, btpRoutingType);
        if (b.error != null) {
          return new Outcome(empty, b.error, null);
        }
        Service svc = ctx.index.service(namespace, ref.name());
        ds = with(b.setting, s -> s.ipFamily = serviceIpFamily(svc));
      }
      case "Backend" -> ds = backend(name, ref, namespace, protocol);
      default -> {
        if (custom) {
          UnstructuredObject object = customBackend(ref, namespace);
          if (object == null) {
            return new Outcome(empty, RouteError.of("custom backend " + ref.kindOrService() + " " + namespace + "/"
                + ref.name() + " not found", RouteConditions.REASON_BACKEND_NOT_FOUND), null);
          }
          return new Outcome(new DestinationSetting(name, false, true, weight, null, "", false, null, null, null, null,
              null, null, null, false), null, object);
        }
        return new Outcome(empty, null, null);
      }
    }
    TlsUpstreamConfig finalTls = upstreamTls;
    ds = with(ds, s -> s.tls = finalTls);
    if (ref.hasFilters() && filters != null) {
      try {
        DestinationFilters f = filters.process(ref);
        ds = with(ds, s -> s.filters = f);
      } catch (FilterException e) {
        return new Outcome(empty, RouteError.of(e.getMessage(), RouteConditions.REASON_INVALID_BACKEND_FILTERS), null);
      }
    }
    RouteError addr = validateAddressType(ds, ctx.isServiceRouting(envoyProxy, btpRoutingType), ref.kindOrService());
    if (addr != null) {
      return new Outcome(empty, addr, null);
    }
    return new Outcome(with(ds, s -> s.weight = weight), null, null);
  }

  private UnstructuredObject customBackend(BackendRefSpec ref, String namespace) {
    for (var object : ctx.resources.extensionRefFilters()) {
      String apiVersion = object.apiVersion() == null ? "" : object.apiVersion();
      int slash = apiVersion.indexOf('/');
      if (ref.kindOrService().equals(object.kind()) && ref.name().equals(object.name())
          && namespace.equals(object.namespace()) && slash >= 0
          && apiVersion.substring(0, slash).equals(ref.groupOrCore())) {
        return object;
      }
    }
    return null;
  }

  /** A destination with no endpoints: the placeholder of an invalid backend reference. */
  public static DestinationSetting emptySetting(String name, int weight) {
    return new DestinationSetting(name, false, false, weight, null, "", false, null, null, null, null, null, null, null,
        false);
  }

  private static RouteError validateAddressType(DestinationSetting ds, boolean serviceRouting, String kind) {
    if (!"Mixed".equals(ds.addressType())) {
      return null;
    }
    if (kind.equals("Backend")) {
      return RouteError.of("mixed FQDN and IP or Unix address type for the same backendRef is not supported",
          RouteConditions.REASON_UNSUPPORTED_ADDRESS_TYPE);
    }
    if (!serviceRouting) {
      return RouteError.of("mixed endpointslice address type for the same backendRef is not supported",
          RouteConditions.REASON_UNSUPPORTED_ADDRESS_TYPE);
    }
    return null;
  }

  /** A destination setting or why it could not be built. */
  public record Built(DestinationSetting setting, RouteError error) {
  }

  /** A Service backend: its endpoints, or its cluster IP under service routing (unless headless). */
  public Built service(String name, BackendRefSpec ref, String namespace, String defaultProtocol,
      EnvoyProxy envoyProxy, String btpRoutingType) {
    Service service = ctx.index.service(namespace, ref.name());
    if (service != null && service.spec() != null && "ExternalName".equals(service.spec().type())) {
      return new Built(null, RouteError.of("Service " + namespace + "/" + ref.name() + " is of type ExternalName, "
          + "which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead",
          RouteConditions.REASON_UNSUPPORTED_VALUE));
    }
    ServicePort port = null;
    List<ServicePort> ports = service == null || service.spec() == null || service.spec().ports() == null
        ? List.of() : service.spec().ports();
    for (ServicePort p : ports) {
      if (p.port() != null && p.port().equals(ref.port())) {
        port = p;
        break;
      }
    }
    String protocol = defaultProtocol;
    String appProtocol = port == null ? null : port.appProtocol();
    if (appProtocol != null) {
      protocol = resolveProtocol(appProtocol, protocol);
    }
    boolean forceHttp1 = forceHttp1(protocol, appProtocol);
    boolean headless = service != null && service.spec() != null && "None".equals(service.spec().clusterIP());
    List<DestinationEndpoint> endpoints;
    String addressType = null;
    if (!ctx.isServiceRouting(envoyProxy, btpRoutingType) || headless) {
      EndpointsOf e = endpoints(ctx.index.endpointSlices(ref.kindOrService(), namespace, ref.name()),
          port == null || port.name() == null ? "" : port.name(), portProtocol(port == null ? null : port.protocol()));
      if (e.endpoints.isEmpty()) {
        return new Built(null, RouteError.of("no ready endpoints for the related Service " + namespace + "/" + ref.name(),
            RouteConditions.REASON_ENDPOINTS_NOT_FOUND));
      }
      endpoints = e.endpoints;
      addressType = e.addressType;
    } else {
      endpoints = List.of(new DestinationEndpoint(null, service.spec().clusterIP(), ref.port(), null, false, null));
    }
    return new Built(new DestinationSetting(name, false, false, null, null, protocol, forceHttp1, endpoints, addressType,
        null, null, null, preferLocal(service), ResourceMetadatas.of(service, "Service", String.valueOf(ref.port())),
        false), null);
  }

  public Built serviceImport(String name, BackendRefSpec ref, String namespace, String defaultProtocol,
      EnvoyProxy envoyProxy, String btpRoutingType) {
    ServiceImport si = ctx.index.serviceImport(namespace, ref.name());
    dev.attache.control.resource.multicluster.ServicePort port = null;
    if (si.spec() != null && si.spec().ports() != null) {
      for (var p : si.spec().ports()) {
        if (p.port() != null && p.port().equals(ref.port())) {
          port = p;
          break;
        }
      }
    }
    String protocol = defaultProtocol;
    String appProtocol = port == null ? null : port.appProtocol();
    if (appProtocol != null) {
      protocol = resolveProtocol(appProtocol, protocol);
    }
    boolean forceHttp1 = forceHttp1(protocol, appProtocol);
    List<String> ips = si.spec() == null || si.spec().ips() == null ? List.of() : si.spec().ips();
    List<DestinationEndpoint> endpoints = new ArrayList<>();
    String addressType = null;
    if (!ctx.isServiceRouting(envoyProxy, btpRoutingType) || ips.isEmpty()) {
      EndpointsOf e = endpoints(ctx.index.endpointSlices("ServiceImport", namespace, ref.name()),
          port == null || port.name() == null ? "" : port.name(), portProtocol(port == null ? null : port.protocol()));
      if (e.endpoints.isEmpty()) {
        return new Built(null, RouteError.of("no ready endpoints for the related ServiceImport " + namespace + "/"
            + ref.name(), RouteConditions.REASON_ENDPOINTS_NOT_FOUND));
      }
      endpoints = e.endpoints;
      addressType = e.addressType;
    } else {
      for (String ip : ips) {
        endpoints.add(new DestinationEndpoint(null, ip, ref.port(), null, false, null));
      }
    }
    return new Built(new DestinationSetting(name, false, false, null, null, protocol, forceHttp1, endpoints, addressType,
        null, null, null, null, ResourceMetadatas.of(si, "ServiceImport", String.valueOf(ref.port())), false), null);
  }

  /** An Envoy Gateway Backend: its endpoints (IP, FQDN, Unix socket) or a dynamic resolver. */
  public DestinationSetting backend(String name, BackendRefSpec ref, String namespace, String defaultProtocol) {
    Backend backend = ctx.index.backend(namespace, ref.name());
    String protocol = defaultProtocol;
    boolean forceHttp1 = false;
    var spec = backend.spec();
    if (spec.appProtocols() != null) {
      for (String ap : spec.appProtocols()) {
        protocol = resolveProtocol(ap, protocol);
        forceHttp1 = forceHttp1 || forceHttp1(protocol, ap);
      }
    }
    if ("DynamicResolver".equals(spec.type())) {
      return new DestinationSetting(name, true, false, null, null, protocol, forceHttp1, null, null, null, null, null,
          null, null, false);
    }
    Map<String, Integer> types = new LinkedHashMap<>();
    List<DestinationEndpoint> endpoints = new ArrayList<>();
    List<BackendEndpoint> beps = spec.endpoints() == null ? List.of() : spec.endpoints();
    for (BackendEndpoint bep : beps) {
      if (bep.ip() != null) {
        if (IpAddresses.isIp(bep.ip().address())) {
          types.merge("IP", 1, Integer::sum);
          endpoints.add(new DestinationEndpoint(bep.hostname(), bep.ip().address(), bep.ip().port(), null, false,
              bep.zone()));
        } else {
          endpoints.add(null);
        }
      } else if (bep.fqdn() != null) {
        types.merge("FQDN", 1, Integer::sum);
        endpoints.add(new DestinationEndpoint(bep.hostname(), bep.fqdn().hostname(), bep.fqdn().port(), null, false,
            bep.zone()));
      } else if (bep.unix() != null) {
        types.merge("UDS", 1, Integer::sum);
        endpoints.add(new DestinationEndpoint(bep.hostname(), null, 0, bep.unix().path(), false, bep.zone()));
      } else {
        endpoints.add(null);
      }
    }
    String addressType = null;
    for (Map.Entry<String, Integer> e : types.entrySet()) {
      if (e.getValue() == beps.size()) {
        addressType = e.getKey();
        break;
      }
    }
    if (!types.isEmpty() && addressType == null) {
      addressType = types.containsKey("FQDN") ? "Mixed" : "STATIC";
    }
    Integer priority = Boolean.TRUE.equals(spec.fallback()) ? 1 : null;
    return new DestinationSetting(name, false, false, null, priority, protocol, forceHttp1,
        endpoints.stream().filter(java.util.Objects::nonNull).toList(), addressType, null, null, null, null,
        ResourceMetadatas.of(backend, "Backend", null), false);
  }

  record EndpointsOf(List<DestinationEndpoint> endpoints, String addressType) {
  }

  /** The ready and draining endpoints of the slices for one port, and their address type. */
  static EndpointsOf endpoints(List<EndpointSlice> slices, String portName, String portProtocol) {
    List<DestinationEndpoint> out = new ArrayList<>();
    Map<String, Integer> types = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      types.merge("FQDN".equals(slice.addressType()) ? "FQDN" : "IP", 1, Integer::sum);
      List<Endpoint> endpoints = slice.endpoints() == null ? List.of() : slice.endpoints();
      List<EndpointPort> ports = slice.ports() == null ? List.of() : slice.ports();
      for (Endpoint endpoint : endpoints) {
        for (EndpointPort port : ports) {
          String name = port.name() == null ? "" : port.name();
          String protocol = port.protocol() == null ? "TCP" : port.protocol();
          if (!name.equals(portName) || !protocol.equals(portProtocol)) {
            continue;
          }
          var c = endpoint.conditions();
          boolean draining;
          if (c != null && c.serving() != null && c.terminating() != null) {
            draining = c.terminating() || !c.serving();
          } else {
            draining = c != null && c.ready() != null && !c.ready();
          }
          if (endpoint.addresses() != null) {
            for (String address : endpoint.addresses()) {
              out.add(new DestinationEndpoint(null, address, port.port() == null ? 0 : port.port(), null, draining,
                  endpoint.zone()));
            }
          }
        }
      }
    }
    String addressType = null;
    for (Map.Entry<String, Integer> e : types.entrySet()) {
      if (e.getValue() == slices.size()) {
        addressType = e.getKey();
        break;
      }
    }
    if (!types.isEmpty() && addressType == null) {
      addressType = "Mixed";
    }
    return new EndpointsOf(out, addressType);
  }

  static String portProtocol(String protocol) {
    return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  /** The upstream protocol an HTTP route uses for a backend's {@code appProtocol}. */
  static String resolveProtocol(String appProtocol, String defaultProtocol) {
    if (!"HTTP".equals(defaultProtocol)) {
      return defaultProtocol;
    }
    return switch (appProtocol) {
      case "kubernetes.io/h2c", "gateway.envoyproxy.io/h2c" -> "HTTP2";
      case "grpc" -> "GRPC";
      default -> defaultProtocol;
    };
  }

  /** WebSocket upstreams speak HTTP/1.1 even when the route would use HTTP/2. */
  static boolean forceHttp1(String protocol, String appProtocol) {
    if (appProtocol == null) {
      return false;
    }
    boolean http = protocol.equals("HTTP") || protocol.equals("HTTP2") || protocol.equals("GRPC");
    return http && switch (appProtocol) {
      case "kubernetes.io/ws", "kubernetes.io/wss", "gateway.envoyproxy.io/ws", "gateway.envoyproxy.io/wss" -> true;
      default -> false;
    };
  }

  /** Zone-aware routing for Services asking for it (traffic distribution or the topology annotation). */
  static PreferLocalZone preferLocal(Service svc) {
    if (svc == null) {
      return null;
    }
    if (svc.spec() != null && svc.spec().trafficDistribution() != null) {
      return new PreferLocalZone(new ForceLocalZone(1), 1L, null);
    }
    var annotations = svc.metadata() == null ? null : svc.metadata().annotations();
    String mode = annotations == null ? null : annotations.get("service.kubernetes.io/topology-mode");
    if ("Auto".equals(mode) || "auto".equals(mode)) {
      return new PreferLocalZone(new ForceLocalZone(3), 3L, null);
    }
    return null;
  }

  /** The IP family of a Service: dual stack when asked or when it has two families. */
  static String serviceIpFamily(Service service) {
    if (service == null || service.spec() == null) {
      return null;
    }
    if ("RequireDualStack".equals(service.spec().ipFamilyPolicy())) {
      return "DualStack";
    }
    List<String> families = service.spec().ipFamilies();
    if (families != null && !families.isEmpty()) {
      if (families.size() > 1) {
        return "DualStack";
      }
      return switch (families.getFirst()) {
        case "IPv4" -> "IPv4";
        case "IPv6" -> "IPv6";
        default -> null;
      };
    }
    return null;
  }

  /** A mutable copy of a destination setting, for changing a few fields. */
  public static final class Mutable {
    public String name;
    public boolean isDynamicResolver;
    public boolean isCustomBackend;
    public Integer weight;
    public Integer priority;
    public String protocol;
    public boolean forceHttp1;
    public List<DestinationEndpoint> endpoints;
    public String addressType;
    public String ipFamily;
    public TlsUpstreamConfig tls;
    public DestinationFilters filters;
    public PreferLocalZone preferLocal;
    public dev.attache.control.ir.ResourceMetadata metadata;
    public boolean invalid;
  }

  /** {@code ds} with the changes {@code change} makes. */
  public static DestinationSetting with(DestinationSetting ds, java.util.function.Consumer<Mutable> change) {
    Mutable m = new Mutable();
    m.name = ds.name();
    m.isDynamicResolver = ds.isDynamicResolver();
    m.isCustomBackend = ds.isCustomBackend();
    m.weight = ds.weight();
    m.priority = ds.priority();
    m.protocol = ds.protocol();
    m.forceHttp1 = ds.forceHTTP1Upstream();
    m.endpoints = ds.endpoints();
    m.addressType = ds.addressType();
    m.ipFamily = ds.ipFamily();
    m.tls = ds.tls();
    m.filters = ds.filters();
    m.preferLocal = ds.preferLocal();
    m.metadata = ds.metadata();
    m.invalid = ds.invalid();
    change.accept(m);
    return new DestinationSetting(m.name, m.isDynamicResolver, m.isCustomBackend, m.weight, m.priority, m.protocol,
        m.forceHttp1, m.endpoints, m.addressType, m.ipFamily, m.tls, m.filters, m.preferLocal, m.metadata, m.invalid);
  }
}

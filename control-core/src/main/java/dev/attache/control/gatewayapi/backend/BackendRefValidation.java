package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.IpAddresses;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.core.ServicePort;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendEndpoint;
import dev.attache.control.resource.gatewayapi.BackendTLSPolicy;
import dev.attache.control.resource.gatewayapi.GRPCRouteFilter;
import dev.attache.control.resource.gatewayapi.HTTPRouteFilter;
import dev.attache.control.resource.gatewayapi.LocalPolicyTargetReferenceWithSectionName;
import dev.attache.control.resource.multicluster.ServiceImport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks a backend reference passes before it is used (Envoy Gateway's
 * {@code validateBackendRef}): supported filters, group and kind, a ReferenceGrant for another
 * namespace, a port, and that the Service, ServiceImport or Backend exists with that port.
 */
public final class BackendRefValidation {
  static final String MCS_GROUP = "multicluster.x-k8s.io";
  static final String EG_GROUP = "gateway.envoyproxy.io";

  private final TranslationContext ctx;

  BackendRefValidation(TranslationContext ctx) {
    this.ctx = ctx;
  }

  /** The first problem with {@code ref} of {@code route}, or null. */
  public RouteError validate(BackendRefSpec ref, RouteContext route, String namespace) {
    RouteError e = filters(ref, route.kind());
    if (e == null) {
      e = group(ref);
    }
    if (e == null) {
      e = kind(ref);
    }
    if (e == null) {
      e = namespace(ref, route);
    }
    if (e == null) {
      e = port(ref);
    }
    if (e != null) {
      return e;
    }
    String protocol = route.kind().equals("UDPRoute") ? "UDP" : "TCP";
    return switch (ref.kindOrService()) {
      case "Service" -> service(ref, namespace, protocol);
      case "ServiceImport" -> serviceImport(ref, namespace, protocol);
      case "Backend" -> backend(ref, namespace, false);
      default -> null;
    };
  }

  private RouteError filters(BackendRefSpec ref, String routeKind) {
    boolean unsupported = false;
    if (routeKind.equals("HTTPRoute") && ref.httpFilters() != null) {
      for (HTTPRouteFilter f : ref.httpFilters()) {
        if (!httpFilterValid(f)) {
          unsupported = true;
          continue;
        }
        if ("URLRewrite".equals(f.type()) && f.urlRewrite() != null && f.urlRewrite().path() != null) {
          return RouteError.of("URLRewrite path modifier is not supported within BackendRef",
              RouteConditions.REASON_UNSUPPORTED_REF_VALUE);
        }
        switch (f.type()) {
          case "RequestHeaderModifier", "ResponseHeaderModifier", "ExtensionRef", "URLRewrite" -> { }
          default -> unsupported = true;
        }
      }
    } else if (routeKind.equals("GRPCRoute") && ref.grpcFilters() != null) {
      for (GRPCRouteFilter f : ref.grpcFilters()) {
        if (!"RequestHeaderModifier".equals(f.type()) && !"ResponseHeaderModifier".equals(f.type())) {
          unsupported = true;
        }
      }
    }
    if (!unsupported) {
      return null;
    }
    String message = routeKind.equals("GRPCRoute")
        ? "Specific filter is not supported within BackendRef, only RequestHeaderModifier and ResponseHeaderModifier are supported"
        : "Specific filter is not supported within BackendRef, only RequestHeaderModifier, ResponseHeaderModifier, "
            + "URLRewrite and gateway.envoyproxy.io/HTTPRouteFilter are supported";
    return RouteError.of(message, RouteConditions.REASON_UNSUPPORTED_REF_VALUE);
  }

  /** Whether an HTTPRoute filter is of a type Envoy Gateway handles. */
  public boolean httpFilterValid(HTTPRouteFilter f) {
    if (f == null || f.type() == null) {
      return false;
    }
    return switch (f.type()) {
      case "RequestMirror", "URLRewrite", "RequestRedirect", "RequestHeaderModifier", "ResponseHeaderModifier", "CORS" -> true;
      case "ExtensionRef" -> f.extensionRef() != null && ((EG_GROUP.equals(f.extensionRef().group())
          && "HTTPRouteFilter".equals(f.extensionRef().kind()))
          || ctx.settings.isExtensionKind(f.extensionRef().group(), f.extensionRef().kind()));
      default -> false;
    };
  }

  private static RouteError group(BackendRefSpec ref) {
    String g = ref.group();
    if (g != null && !g.isEmpty() && !g.equals(MCS_GROUP) && !g.equals(EG_GROUP)) {
      return RouteError.of("Group is invalid, only the core API group (specified by omitting the group field or "
          + "setting it to an empty string), " + MCS_GROUP + " and " + EG_GROUP + " are supported",
          RouteConditions.REASON_INVALID_KIND);
    }
    return null;
  }

  private static RouteError kind(BackendRefSpec ref) {
    String k = ref.kind();
    if (k != null && !k.equals("Service") && !k.equals("ServiceImport") && !k.equals("Backend")) {
      return RouteError.of("Kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported",
          RouteConditions.REASON_INVALID_KIND);
    }
    return null;
  }

  /** Whether a reference into another namespace is granted. */
  public RouteError namespace(BackendRefSpec ref, RouteContext route) {
    String ns = ref.namespace();
    if (ns != null && !ns.isEmpty() && !ns.equals(route.namespace())
        && !ctx.referenceGrants.permitted("gateway.networking.k8s.io", route.kind(), route.namespace(),
            ref.groupOrCore(), ref.kindOrService(), ns, ref.name())) {
      return RouteError.of("Backend ref to " + ref.kindOrService() + " " + ns + "/" + ref.name()
          + " not permitted by any ReferenceGrant.", RouteConditions.REASON_REF_NOT_PERMITTED);
    }
    return null;
  }

  private static RouteError port(BackendRefSpec ref) {
    if (ref.kindOrService().equals("Backend")) {
      return null;
    }
    if (ref.port() == null) {
      return RouteError.of("A valid port number corresponding to a port on the Service must be specified",
          RouteConditions.REASON_PORT_NOT_SPECIFIED);
    }
    return null;
  }

  public RouteError service(BackendRefSpec ref, String namespace, String protocol) {
    Service service = ctx.index.service(namespace, ref.name());
    if (service == null) {
      return RouteError.of("service " + namespace + "/" + ref.name() + " not found", RouteConditions.REASON_BACKEND_NOT_FOUND);
    }
    if (service.spec() != null && "ExternalName".equals(service.spec().type())) {
      return RouteError.of("Service " + namespace + "/" + ref.name() + " is of type ExternalName, which is not "
          + "supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead",
          RouteConditions.REASON_UNSUPPORTED_VALUE);
    }
    List<ServicePort> ports = service.spec() == null || service.spec().ports() == null ? List.of() : service.spec().ports();
    for (ServicePort p : ports) {
      if (p.port() != null && p.port().equals(ref.port()) && Destinations.portProtocol(p.protocol()).equals(protocol)) {
        return null;
      }
    }
    return RouteError.of(protocol + " Port " + ref.port() + " not found on Service " + namespace + "/" + ref.name(),
        RouteConditions.REASON_PORT_NOT_FOUND);
  }

  private RouteError serviceImport(BackendRefSpec ref, String namespace, String protocol) {
    ServiceImport si = ctx.index.serviceImport(namespace, ref.name());
    if (si == null) {
      return RouteError.of("service import " + namespace + "/" + ref.name() + " not found",
          RouteConditions.REASON_BACKEND_NOT_FOUND);
    }
    if (si.spec() != null && si.spec().ports() != null) {
      for (var p : si.spec().ports()) {
        if (p.port() != null && p.port().equals(ref.port()) && Destinations.portProtocol(p.protocol()).equals(protocol)) {
          return null;
        }
      }
    }
    return RouteError.of(protocol + " port " + ref.port() + " not found on service import " + namespace + "/" + ref.name(),
        RouteConditions.REASON_PORT_NOT_FOUND);
  }

  /** Checks a reference to a Backend; Unix sockets only where {@code allowUds}. */
  public RouteError backend(BackendRefSpec ref, String namespace, boolean allowUds) {
    if (!ctx.settings.backendEnabled()) {
      return RouteError.of("Backend is disabled in Envoy Gateway configuration", RouteConditions.REASON_UNSUPPORTED_VALUE);
    }
    Backend backend = ctx.index.backend(namespace, ref.name());
    if (backend == null) {
      return RouteError.of("Backend " + namespace + "/" + ref.name() + " not found", RouteConditions.REASON_BACKEND_NOT_FOUND);
    }
    RouteError e = validateBackend(backend);
    if (e != null) {
      return e;
    }
    if (backend.spec().endpoints() != null) {
      for (BackendEndpoint bep : backend.spec().endpoints()) {
        if (bep.unix() != null && !allowUds) {
          return RouteError.of("unix domain sockets are not supported in backend references",
              RouteConditions.REASON_UNSUPPORTED_ADDRESS_TYPE);
        }
      }
    }
    return null;
  }

  /** What is wrong with a Backend resource itself (Envoy Gateway's {@code validateBackend}), or null. */
  public RouteError validateBackend(Backend backend) {
    var spec = backend.spec();
    List<BackendEndpoint> endpoints = spec.endpoints() == null ? List.of() : spec.endpoints();
    if ("DynamicResolver".equals(spec.type()) && !endpoints.isEmpty()) {
      return RouteError.of("DynamicResolver type cannot have endpoints specified", RouteConditions.REASON_INVALID_BACKEND_REF);
    }
    RouteError tls = validateBackendTls(backend);
    if (tls != null) {
      return tls;
    }
    boolean onHost = ctx.settings.runningOnHost();
    for (BackendEndpoint ep : endpoints) {
      if (ep.hostname() != null) {
        RouteError e = hostname(ep.hostname(), "hostname", onHost);
        if (e != null) {
          return e;
        }
      }
      if (ep.fqdn() != null) {
        RouteError e = hostname(ep.fqdn().hostname(), "FQDN", onHost);
        if (e != null) {
          return e;
        }
      } else if (ep.ip() != null) {
        String address = ep.ip().address();
        if (!IpAddresses.isIp(address)) {
          return RouteError.of("IP address " + address + " is invalid", RouteConditions.REASON_INVALID_ADDRESS);
        }
        if (isLoopback(address) && !onHost) {
          return RouteError.of("IP address " + address + " in the loopback range is only supported when using the Host "
              + "infrastructure", RouteConditions.REASON_INVALID_ADDRESS);
        }
      }
    }
    return null;
  }

  private RouteError validateBackendTls(Backend backend) {
    var tls = backend.spec().tls();
    if (tls == null) {
      return null;
    }
    if (!Boolean.TRUE.equals(tls.insecureSkipVerify())) {
      boolean hasCa = tls.wellKnownCACertificates() != null
          || (tls.caCertificateRefs() != null && !tls.caCertificateRefs().isEmpty());
      if (!hasCa) {
        Map<String, Boolean> ports = new LinkedHashMap<>();
        for (BackendEndpoint ep : backend.spec().endpoints() == null ? List.<BackendEndpoint>of() : backend.spec().endpoints()) {
          if (ep.fqdn() != null) {
            ports.put(String.valueOf(ep.fqdn().port()), false);
          } else if (ep.ip() != null) {
            ports.put(String.valueOf(ep.ip().port()), false);
          }
        }
        boolean policiesHaveCa = false;
        outer:
        for (BackendTLSPolicy policy : ctx.resources.backendTLSPolicies()) {
          if (policy.spec() == null || policy.spec().targetRefs() == null) {
            continue;
          }
          for (LocalPolicyTargetReferenceWithSectionName target : policy.spec().targetRefs()) {
            if (EG_GROUP.equals(target.group()) && "Backend".equals(target.kind()) && backend.name().equals(target.name())) {
              var v = policy.spec().validation();
              if (target.sectionName() == null) {
                if (v != null && (v.wellKnownCACertificates() != null
                    || (v.caCertificateRefs() != null && !v.caCertificateRefs().isEmpty()))) {
                  policiesHaveCa = true;
                  break outer;
                }
              } else if (ports.containsKey(target.sectionName())) {
                ports.put(target.sectionName(), true);
              }
            }
          }
        }
        if (!policiesHaveCa && !ports.isEmpty()) {
          int withCert = 0;
          for (boolean has : ports.values()) {
            if (!has) {
              break;
            }
            withCert++;
          }
          policiesHaveCa = withCert == ports.size();
        }
        if (!policiesHaveCa) {
          return RouteError.of("must specify either CACertificateRefs or WellKnownCACertificates when "
              + "InsecureSkipVerify is unset or false", RouteConditions.REASON_INVALID_BACKEND_REF);
        }
      }
    }
    if (tls.clientCertificateRef() != null) {
      String ns = tls.clientCertificateRef().namespace() == null || tls.clientCertificateRef().namespace().isEmpty()
          ? backend.namespace() : tls.clientCertificateRef().namespace();
      if (!ns.equals(backend.namespace())) {
        return RouteError.of("clientCertificateRef Secret is not located in the same namespace as Backend. Secret "
            + "namespace: " + ns + " does not match Backend namespace: " + backend.namespace(),
            RouteConditions.REASON_INVALID_BACKEND_REF);
      }
    }
    return null;
  }

  private static RouteError hostname(String hostname, String type, boolean onHost) {
    String h = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
    if (!Hostnames1123.isSubdomain(h)) {
      return RouteError.of("hostname " + hostname + " is not a valid " + type, RouteConditions.REASON_INVALID_ADDRESS);
    }
    if (!onHost && hostname.split("\\.", -1).length < 2) {
      return RouteError.of("hostname " + hostname + " should be a domain with at least two segments separated by dots",
          RouteConditions.REASON_INVALID_ADDRESS);
    }
    if (IpAddresses.isIp(hostname)) {
      return RouteError.of("hostname " + hostname + " is an IP address", RouteConditions.REASON_INVALID_ADDRESS);
    }
    return null;
  }

  private static boolean isLoopback(String ip) {
    if (IpAddresses.isIpv4(ip)) {
      return ip.startsWith("127.");
    }
    String lower = ip.toLowerCase();
    return lower.equals("::1") || lower.equals("0:0:0:0:0:0:0:1") || lower.startsWith("::ffff:127.");
  }
}

package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.backend.BackendRefSpec;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.TlsUpstreamConfig;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The destination of a service a policy calls out to (an external authorization service, an
 * OIDC provider, a JWKS endpoint, an external processor): its backend references resolved to
 * destination settings, with upstream TLS from BackendTLSPolicy or the Backend. As Envoy
 * Gateway's {@code translateExtServiceBackendRefs}.
 */
final class ExtServices {
  private final TranslationContext ctx;
  private final Destinations destinations;
  private final BackendTls backendTls;

  ExtServices(TranslationContext ctx, Destinations destinations, BackendTls backendTls) {
    this.ctx = ctx;
    this.destinations = destinations;
    this.backendTls = backendTls;
  }

  /** {@code <kind>/<namespace>/<name>/<configType>/<index>}, lower case. */
  static String destinationName(KubernetesObject policy, String policyKind, String configType, int index) {
    return (policyKind + "/" + policy.namespace() + "/" + policy.name() + "/" + configType + "/" + index)
        .toLowerCase(Locale.ROOT);
  }

  RouteDestination translate(KubernetesObject policy, String policyKind, List<BackendRef> refs, String protocol,
      GatewayContext gateway, String configType, int index) throws PolicyException {
    if (refs == null || refs.isEmpty()) {
      throw new PolicyException("no backendRefs found for external service");
    }
    String destName = destinationName(policy, policyKind, configType, index);
    List<DestinationSetting> settings = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      BackendRef r = refs.get(i);
      BackendRefSpec ref = BackendRefSpec.of(r.group(), r.kind(), r.name(), r.namespace(), r.port());
      validate(ref, policy.namespace(), policyKind);
      if (r.weight() != null && r.weight() == 0) {
        continue;
      }
      settings.add(destination(destName + "/backend/" + i, r, ref, policy, policyKind, protocol, gateway));
    }
    Set<String> types = new HashSet<>();
    for (DestinationSetting s : settings) {
      if (s.addressType() != null) {
        types.add(s.addressType());
      }
    }
    if (types.contains("Mixed") || (types.contains("FQDN") && types.size() > 1)) {
      throw new PolicyException("external service destinations having multiple endpoint types are not supported");
    }
    return new RouteDestination(destName, null, settings, null, ResourceMetadatas.of(policy, policyKind, null));
  }

  private DestinationSetting destination(String settingName, BackendRef r, BackendRefSpec ref, KubernetesObject policy,
      String policyKind, String protocol, GatewayContext gateway) throws PolicyException {
    String ns = ref.namespaceOr(policy.namespace());
    var envoyProxy = gateway == null ? null : gateway.envoyProxy();
    DestinationSetting ds;
    switch (ref.kindOrService()) {
      case "Service" -> {
        var built = destinations.service(settingName, ref, ns, protocol, envoyProxy, null);
        if (built.error() != null) {
          throw new PolicyException(built.error().message());
        }
        ds = built.setting();
      }
      case "ServiceImport" -> {
        var built = destinations.serviceImport(settingName, ref, ns, protocol, envoyProxy, null);
        if (built.error() != null) {
          throw new PolicyException(built.error().message());
        }
        ds = built.setting();
      }
      case "Backend" -> {
        if (!ctx.settings.backendEnabled()) {
          throw new PolicyException("resource " + ref.name() + " of type Backend cannot be used since Backend is "
              + "disabled in Envoy Gateway configuration");
        }
        ds = destinations.backend(settingName, ref, ns, protocol);
        if (ds.isDynamicResolver()) {
          throw new PolicyException("dynamic resolver destinations are not supported");
        }
      }
      default -> throw new PolicyException("failed to translate external service backendRef");
    }
    if (!ctx.isServiceRouting(envoyProxy, null) && "Mixed".equals(ds.addressType())) {
      throw new PolicyException("mixed endpointslice address type for the same backendRef is not supported");
    }
    TlsUpstreamConfig tls;
    try {
      tls = backendTls.resolve(ref, ns, new ParentReference("gateway.envoyproxy.io", policyKind, policy.namespace(),
          policy.name(), null, null), gateway);
    } catch (Destinations.FilterException e) {
      throw new PolicyException(e.getMessage());
    }
    int weight = r.weight() == null ? 1 : (int) (long) r.weight();
    Integer priority = Boolean.TRUE.equals(r.fallback()) ? Integer.valueOf(1) : ds.priority();
    return Destinations.with(ds, m -> {
      m.tls = tls;
      m.weight = weight;
      m.priority = priority;
    });
  }

  private void validate(BackendRefSpec ref, String ownerNamespace, String policyKind) throws PolicyException {
    String group = ref.group() == null ? "" : ref.group();
    if (!group.isEmpty() && !group.equals("multicluster.x-k8s.io") && !group.equals("gateway.envoyproxy.io")) {
      throw new PolicyException("group is invalid, only the core API group (specified by omitting the group field or "
          + "setting it to an empty string), the multicluster.x-k8s.io API group, and the gateway.envoyproxy.io API "
          + "group are supported");
    }
    String kind = ref.kindOrService();
    if (!kind.equals("Service") && !kind.equals("ServiceImport") && !kind.equals("Backend")) {
      throw new PolicyException("kind is invalid, only Service (specified by omitting the kind field or setting it to "
          + "'Service'), ServiceImport, and Backend are supported");
    }
    if (ref.port() == null && !kind.equals("Backend")) {
      throw new PolicyException("a valid port number corresponding to a port on the Service must be specified");
    }
    String ns = ref.namespaceOr(ownerNamespace);
    switch (kind) {
      case "Service" -> {
        var service = ctx.index.service(ns, ref.name());
        if (service == null) {
          throw new PolicyException("service " + ns + "/" + ref.name() + " not found");
        }
        boolean found = false;
        if (service.spec() != null && service.spec().ports() != null) {
          for (var p : service.spec().ports()) {
            if (ref.port().equals(p.port()) && (p.protocol() == null || p.protocol().isEmpty()
                || p.protocol().equals("TCP"))) {
              found = true;
              break;
            }
          }
        }
        if (!found) {
          throw new PolicyException("TCP Port " + ref.port() + " not found on service " + ns + "/" + ref.name());
        }
      }
      case "ServiceImport" -> {
        var si = ctx.index.serviceImport(ns, ref.name());
        if (si == null) {
          throw new PolicyException("serviceimport " + ns + "/" + ref.name() + " not found");
        }
        boolean found = false;
        if (si.spec() != null && si.spec().ports() != null) {
          for (var p : si.spec().ports()) {
            if (ref.port().equals(p.port()) && (p.protocol() == null || p.protocol().isEmpty()
                || p.protocol().equals("TCP"))) {
              found = true;
              break;
            }
          }
        }
        if (!found) {
          throw new PolicyException("TCP Port " + ref.port() + " not found on service " + ns + "/" + ref.name());
        }
      }
      default -> {
        Backend backend = ctx.index.backend(ns, ref.name());
        if (backend == null) {
          throw new PolicyException("backend " + ns + "/" + ref.name() + " not found");
        }
        if ("DynamicResolver".equals(backend.spec().type())) {
          throw new PolicyException("dynamic resolver backend " + ns + "/" + ref.name() + " is not supported");
        }
      }
    }
    if (ref.namespace() != null && !ref.namespace().isEmpty() && !ref.namespace().equals(ownerNamespace)
        && !ctx.referenceGrants.permitted("gateway.envoyproxy.io", policyKind, ownerNamespace, group, kind,
            ref.namespace(), ref.name())) {
      throw new PolicyException("backend ref to " + kind + " " + ref.namespace() + "/" + ref.name()
          + " not permitted by any ReferenceGrant");
    }
  }
}

package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.TlsUpstreamConfig;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.ClusterSettings;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the backends of an EnvoyProxy's telemetry (access log services, tracers, metric
 * sinks) to destinations: Services and Backends over TCP, never a dynamic resolver, with the
 * upstream TLS that applies (Envoy Gateway's {@code processBackendRefsForTelemetry}).
 */
public final class TelemetryDestinations {
  private final TranslationContext ctx;
  private final Destinations destinations;
  private final BackendTls backendTls;

  public TelemetryDestinations(TranslationContext ctx, Destinations destinations, BackendTls backendTls) {
    this.ctx = ctx;
    this.destinations = destinations;
    this.backendTls = backendTls;
  }

  /** Resolved telemetry backends. */
  public record Resolved(List<DestinationSetting> settings, TrafficFeatures traffic) {
  }

  /** A backend reference that cannot be used, with the reason. */
  public static final class InvalidBackendException extends Exception {
    public InvalidBackendException(String message) {
      super(message);
    }
  }

  /** The destinations of {@code backendRefs} (empty when there are none) and their traffic settings. */
  public Resolved resolve(String settingName, List<BackendRef> backendRefs, ClusterSettings settings,
      EnvoyProxy envoyProxy, GatewayContext gateway) throws InvalidBackendException {
    TrafficFeatures features;
    try {
      features = settings == null ? null : ClusterSettingsTranslation.translate(settings);
    } catch (PolicyException e) {
      throw new InvalidBackendException(e.getMessage());
    }
    List<DestinationSetting> out = new ArrayList<>();
    for (BackendRef r : backendRefs == null ? List.<BackendRef>of() : backendRefs) {
      BackendRefSpec ref = BackendRefSpec.of(r.group(), r.kind(), r.name(), r.namespace(), r.port());
      String ns = ref.namespaceOr(envoyProxy.namespace());
      DestinationSetting ds;
      switch (ref.kindOrService()) {
        case "Service" -> {
          RouteError e = destinations.validation().service(ref, ns, "TCP");
          if (e != null) {
            throw new InvalidBackendException(e.message());
          }
          var built = destinations.service(settingName, ref, ns, "TCP", envoyProxy, null);
          if (built.error() != null) {
            throw new InvalidBackendException(built.error().message());
          }
          ds = built.setting();
        }
        case "Backend" -> {
          RouteError e = destinations.validation().backend(ref, ns, true);
          if (e != null) {
            throw new InvalidBackendException(e.message());
          }
          ds = destinations.backend(settingName, ref, ns, "TCP");
          if (ds.isDynamicResolver()) {
            throw new InvalidBackendException("dynamic resolver destinations are not supported");
          }
        }
        default -> throw new InvalidBackendException("unsupported kind for backendRefs: " + ref.kindOrService());
      }
      TlsUpstreamConfig upstream = upstreamTls(ref, ns, envoyProxy, gateway);
      if (upstream != null && upstream.sni() == null && ref.kindOrService().equals("Backend")) {
        Backend backend = ctx.index.backend(ns, ref.name());
        var eps = backend.spec().endpoints();
        if (eps != null && eps.size() == 1 && eps.getFirst().fqdn() != null) {
          String sni = eps.getFirst().fqdn().hostname();
          upstream = new TlsUpstreamConfig(sni, upstream.autoSNIFromEndpointHostname(), upstream.useSystemTrustStore(),
              upstream.caCertificate(), upstream.subjectAltNames(), upstream.insecureSkipVerify(), upstream.certificates(),
              upstream.clientCertificates(), upstream.minVersion(), upstream.maxVersion(), upstream.ciphers(),
              upstream.ecdhCurves(), upstream.signatureAlgorithms(), upstream.alpnProtocols());
        }
      }
      TlsUpstreamConfig finalTls = upstream;
      out.add(Destinations.with(ds, m -> m.tls = finalTls));
    }
    return new Resolved(out, features);
  }

  /** The upstream TLS a BackendTLSPolicy gives a telemetry backend, with the EnvoyProxy as the policy's ancestor. */
  private TlsUpstreamConfig upstreamTls(BackendRefSpec ref, String namespace, EnvoyProxy envoyProxy,
      GatewayContext gateway) throws InvalidBackendException {
    ParentReference ancestor = new ParentReference("gateway.envoyproxy.io", "EnvoyProxy", envoyProxy.namespace(),
        envoyProxy.name(), null, null);
    try {
      return backendTls.resolve(ref, namespace, ancestor, gateway);
    } catch (Destinations.FilterException e) {
      throw new InvalidBackendException(e.getMessage());
    }
  }
}

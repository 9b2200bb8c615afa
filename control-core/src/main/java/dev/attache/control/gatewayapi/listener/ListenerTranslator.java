package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.TelemetryDestinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.InfraDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.UdpListenerDraft;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.tls.SdsSecrets;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.GrpcSettings;
import dev.attache.control.ir.ListenerPort;
import dev.attache.control.ir.PathSettings;
import dev.attache.control.ir.ProxyListener;
import dev.attache.control.ir.ReadyListener;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates every listener of the accepted Gateways, resolves conflicts between them, and builds
 * the xDS IR listeners and the infrastructure ports of those that are programmed (Envoy
 * Gateway's {@code ProcessListeners}). {@link #translate} is the whole listener stage.
 */
public final class ListenerTranslator {
  static final String IPV4_ANY = "0.0.0.0";
  static final String IPV6_ANY = "::";
  static final int READINESS_PORT = 19003;
  static final String READINESS_PATH = "/ready";

  private final TranslationContext ctx;
  private final Gateways gateways;
  private final ListenerFacts.Table facts;
  private final ListenerValidation validation;
  private final ProxyObservability observability;

  private ListenerTranslator(TranslationContext ctx, Gateways gateways, ListenerFacts.Table facts,
      ProxyObservability observability) {
    this.ctx = ctx;
    this.gateways = gateways;
    this.facts = facts;
    this.validation = new ListenerValidation(ctx, facts);
    this.observability = observability;
  }

  /**
   * The listener stage: ListenerSets join their Gateways, each Gateway's own TLS settings are
   * resolved, every listener is validated and those programmed become IR listeners, and each
   * ListenerSet's status follows from its listeners'.
   */
  public static Listeners translate(TranslationContext ctx, Gateways gateways, BackendTls backendTls,
      TelemetryDestinations telemetry) {
    ListenerFacts.Table facts = new ListenerFacts.Table();
    ListenerSets listenerSets = new ListenerSets(ctx, gateways.accepted());
    listenerSets.attach();
    new GatewayTls(ctx, gateways.accepted(), backendTls, facts).run();
    new ListenerTranslator(ctx, gateways, facts, new ProxyObservability(telemetry, ctx.mergeGateways)).run();
    return new Listeners(gateways, listenerSets.status());
  }

  private void run() {
    List<GatewayContext> gateways = this.gateways.accepted();
    for (GatewayContext g : gateways) {
      for (ListenerContext l : g.listeners()) {
        facts.of(l).specValid = validation.validateSpec(l);
      }
    }
    ListenerConflicts.check(gateways, ctx.mergeGateways, facts);

    Map<String, List<String>> foundPorts = new HashMap<>();
    for (GatewayContext g : gateways) {
      String key = ctx.irKey(g);
      XdsDraft xds = this.gateways.ir().xds(g);
      InfraDraft infra = this.gateways.ir().infra(g);
      if (g.envoyProxy() != null) {
        infra.config = g.envoyProxy();
      }
      xds.readyListener = readyListener(g.envoyProxy());
      observability.apply(g, xds, infra);
      for (ListenerContext l : g.listeners()) {
        validation.finalizeConditions(l);
        if (!l.isReady() || facts.of(l).frontendTlsValidationInvalid()) {
          continue;
        }
        String ipFamily = ipFamily(g.envoyProxy());
        String address = "IPv6".equals(ipFamily) || "DualStack".equals(ipFamily) ? IPV6_ANY : IPV4_ANY;
        int containerPort = containerPort(l.port(), g.envoyProxy());
        ResourceMetadata metadata = listenerMetadata(l);
        switch (l.protocol()) {
          case "HTTP", "HTTPS" -> {
            HttpListenerDraft ir = new HttpListenerDraft();
            ir.name = Names.listener(l);
            ir.address = address;
            ir.port = containerPort;
            ir.externalPort = l.port();
            ir.metadata = metadata;
            ir.ipFamily = ipFamily;
            ir.tls = tlsConfig(facts.of(l), false);
            ir.path = new PathSettings(true, "UnescapeAndRedirect");
            ir.hostnames = List.of(l.hostname() != null ? l.hostname() : "*");
            ir.preserveRouteOrder = g.envoyProxy() != null && g.envoyProxy().spec() != null
                && Boolean.TRUE.equals(g.envoyProxy().spec().preserveRouteOrder());
            ir.requestId = requestId(g.envoyProxy());
            Boolean grpcStats = grpcStats(g.envoyProxy());
            if (grpcStats != null) {
              ir.grpc = new GrpcSettings(null, grpcStats);
            }
            xds.add(ir);
            facts.of(l).httpIr = ir;
          }
          case "TCP", "TLS" -> {
            TcpListenerDraft ir = new TcpListenerDraft();
            ir.name = Names.listener(l);
            ir.address = address;
            ir.port = containerPort;
            ir.externalPort = l.port();
            ir.metadata = metadata;
            ir.ipFamily = ipFamily;
            ir.tls = tlsConfig(facts.of(l), true);
            xds.add(ir);
          }
          case "UDP" -> {
            UdpListenerDraft ir = new UdpListenerDraft();
            ir.name = Names.listener(l);
            ir.address = address;
            ir.port = containerPort;
            ir.externalPort = l.port();
            ir.metadata = metadata;
            ir.ipFamily = ipFamily;
            xds.add(ir);
          }
          default -> { }
        }
        String layer4 = switch (l.protocol()) {
          case "HTTP", "HTTPS", "TLS" -> "TCP/L7";
          case "TCP" -> "TCP/L4";
          default -> "UDP/L4";
        };
        String portKey = l.port() + "/" + layer4;
        List<String> found = foundPorts.computeIfAbsent(key, k -> new ArrayList<>());
        if (!found.contains(portKey)) {
          String protocol = l.protocol();
          infra.listeners.add(new ProxyListener(Names.listener(l),
              List.of(new ListenerPort(Names.listenerPort(protocol, l.port()), protocol, l.port(), containerPort)), null));
          found.add(portKey);
        }
      }
    }
    TlsOverlaps.check(gateways, ctx.mergeGateways, facts);
  }

  private static ReadyListener readyListener(EnvoyProxy envoyProxy) {
    String family = "IPv4";
    if (envoyProxy != null && envoyProxy.spec() != null && envoyProxy.spec().ipFamily() != null) {
      family = envoyProxy.spec().ipFamily();
    }
    String address = family.equals("IPv6") || family.equals("DualStack") ? IPV6_ANY : IPV4_ANY;
    return new ReadyListener(family, address, READINESS_PORT, READINESS_PATH);
  }

  static String ipFamily(EnvoyProxy envoyProxy) {
    if (envoyProxy == null || envoyProxy.spec() == null || envoyProxy.spec().ipFamily() == null) {
      return null;
    }
    return switch (envoyProxy.spec().ipFamily()) {
      case "IPv4", "IPv6", "DualStack" -> envoyProxy.spec().ipFamily();
      default -> null;
    };
  }

  private static String requestId(EnvoyProxy envoyProxy) {
    if (envoyProxy == null || envoyProxy.spec() == null || envoyProxy.spec().telemetry() == null
        || envoyProxy.spec().telemetry().requestID() == null) {
      return null;
    }
    return envoyProxy.spec().telemetry().requestID().tracing();
  }

  private static Boolean grpcStats(EnvoyProxy envoyProxy) {
    if (envoyProxy == null || envoyProxy.spec() == null || envoyProxy.spec().telemetry() == null
        || envoyProxy.spec().telemetry().metrics() == null) {
      return null;
    }
    return envoyProxy.spec().telemetry().metrics().enableGRPCStats();
  }

  /**
   * The container port of a listener port: privileged ports (below 1024) move up by 10000 so
   * Envoy needs no capability to bind them, unless proxies run on the host or the EnvoyProxy
   * asks to use listener ports as they are.
   */
  int containerPort(int servicePort, EnvoyProxy envoyProxy) {
    if (ctx.settings.runningOnHost()) {
      return servicePort;
    }
    if (envoyProxy != null && !needToSwitchPorts(envoyProxy)) {
      return servicePort;
    }
    return servicePort < 1024 ? servicePort + 10000 : servicePort;
  }

  private static boolean needToSwitchPorts(EnvoyProxy envoyProxy) {
    var spec = envoyProxy.spec();
    if (spec == null || spec.provider() == null) {
      return true;
    }
    if ("Host".equals(spec.provider().type())) {
      return false;
    }
    var k8s = spec.provider().kubernetes();
    if (k8s == null) {
      return true;
    }
    return !Boolean.TRUE.equals(k8s.useListenerPortAsContainerPort());
  }

  private ResourceMetadata listenerMetadata(ListenerContext l) {
    GatewayContext g = l.gateway();
    return new ResourceMetadata(g.gateway().kind(), g.name(), g.namespace(),
        ResourceMetadatas.egAnnotations(g.gateway().metadata()), l.name(), null);
  }

  /** The listener's TLS settings; ALPN off (an empty list) for TCP and TLS listeners. */
  private static TlsConfig tlsConfig(ListenerFacts listener, boolean layer4) {
    if (listener.tlsSecrets.isEmpty() && listener.frontendTlsValidation == null) {
      return null;
    }
    List<TlsCertificate> certificates = new ArrayList<>();
    for (Secret s : listener.tlsSecrets) {
      certificates.add(certificate(s));
    }
    boolean clientValidation = false;
    boolean requireClientCertificate = false;
    boolean acceptUntrusted = false;
    var caCertificate = (dev.attache.control.ir.TlsCaCertificate) null;
    var frontend = listener.frontendTlsValidation;
    if (frontend != null && frontend.error() == null) {
      caCertificate = frontend.caCertificate();
      clientValidation = true;
      switch (frontend.mode() == null ? "" : frontend.mode()) {
        case "Request" -> acceptUntrusted = true;
        case "RequireAny" -> {
          requireClientCertificate = true;
          acceptUntrusted = true;
        }
        case "VerifyIfGiven" -> { }
        default -> requireClientCertificate = true;
      }
    }
    return TlsConfig.builder().certificates(certificates).caCertificate(caCertificate)
        .requireClientCertificate(requireClientCertificate).clientValidationEnabled(clientValidation)
        .acceptUntrusted(acceptUntrusted).alpnProtocols(layer4 ? List.of() : null).build();
  }

  static TlsCertificate certificate(Secret secret) {
    String name = Names.tlsCertificate(secret.namespace(), secret.name());
    if (SdsSecrets.TYPE.equals(secret.type())) {
      try {
        return new TlsCertificate(name, SdsSecrets.config(secret), null, null, null);
      } catch (SdsSecrets.InvalidSdsSecretException e) {
        // Listener validation admits valid SDS references only.
        return new TlsCertificate(name, null, null, null, null);
      }
    }
    byte[] ocsp = ServingCertificates.data(secret, "tls.ocsp-staple");
    return new TlsCertificate(name, null, Bytes.of(ServingCertificates.data(secret, ServingCertificates.CERT_KEY)),
        Bytes.of(ServingCertificates.data(secret, ServingCertificates.PRIVATE_KEY_KEY)),
        ocsp.length > 0 ? Bytes.of(ocsp) : null);
  }
}

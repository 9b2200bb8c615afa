package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.ListenerConditions;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.TlsCaCertificate;
import dev.attache.control.resource.envoygateway.BackendTLSConfig;
import dev.attache.control.resource.gatewayapi.FrontendTLSValidation;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import dev.attache.control.resource.gatewayapi.TLSPortConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gateway's own TLS settings ({@code spec.tls}): client certificate validation for its HTTPS
 * listeners (a default and per-port overrides), and the client certificate it presents to
 * backends. Sets the Gateway's {@code ResolvedRefs} condition. As Envoy Gateway's
 * {@code ProcessGatewayTLS}.
 */
final class GatewayTls {
  private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  private final TranslationContext ctx;
  private final List<GatewayContext> accepted;
  private final BackendTls backendTls;
  private final ListenerFacts.Table facts;

  GatewayTls(TranslationContext ctx, List<GatewayContext> accepted, BackendTls backendTls, ListenerFacts.Table facts) {
    this.ctx = ctx;
    this.accepted = accepted;
    this.backendTls = backendTls;
    this.facts = facts;
  }

  void run() {
    for (GatewayContext g : accepted) {
      var tls = g.gateway().spec().tls();
      if (tls == null) {
        continue;
      }
      boolean frontendOk = true;
      boolean backendOk = true;
      if (tls.frontend() != null) {
        frontendOk = frontend(g, tls.frontend().defaultValue() == null ? null : tls.frontend().defaultValue().validation(),
            tls.frontend().perPort() == null ? List.of() : tls.frontend().perPort());
      }
      if (tls.backend() != null) {
        backendOk = backend(g, tls.backend().clientCertificateRef());
      }
      if (frontendOk && backendOk) {
        g.setCondition("ResolvedRefs", true, "ResolvedRefs", "Successfully resolved all TLS references for the gateway");
      }
    }
  }

  private boolean frontend(GatewayContext g, FrontendTLSValidation defaults, List<TLSPortConfig> perPort) {
    boolean ok = true;
    boolean insecureFallback = false;
    FrontendTlsValidation defaultValidation = null;
    if (defaults != null) {
      try {
        defaultValidation = validation(g, defaults, "default");
        insecureFallback |= "AllowInsecureFallback".equals(defaults.mode());
      } catch (BackendTls.CaException e) {
        g.setCondition("ResolvedRefs", false, "InvalidParameters",
            "Failed to get default frontend CA certs for gateway: " + e.getMessage());
        ok = false;
        defaultValidation = failed(e);
      }
    }
    Map<Integer, FrontendTlsValidation> ports = new HashMap<>();
    for (TLSPortConfig p : perPort) {
      if (p.tls() == null || p.tls().validation() == null) {
        // An explicit per-port setting without validation turns the default off on that port.
        ports.put(p.port(), null);
        continue;
      }
      try {
        ports.put(p.port(), validation(g, p.tls().validation(), String.valueOf(p.port())));
        insecureFallback |= "AllowInsecureFallback".equals(p.tls().validation().mode());
      } catch (BackendTls.CaException e) {
        g.setCondition("ResolvedRefs", false, "InvalidParameters",
            "Failed to get frontend CA certs for gateway: " + e.getMessage());
        ok = false;
        ports.put(p.port(), failed(e));
      }
    }
    if (insecureFallback) {
      g.setCondition("InsecureFrontendValidationMode", true, "ConfigurationChanged",
          "Gateway is using AllowInsecureFallback frontend validation mode.");
    }
    for (ListenerContext l : g.listeners()) {
      if (!"HTTPS".equals(l.protocol())) {
        continue;
      }
      facts.of(l).frontendTlsValidation = ports.containsKey(l.port()) ? ports.get(l.port()) : defaultValidation;
    }
    return ok;
  }

  private FrontendTlsValidation validation(GatewayContext g, FrontendTLSValidation v, String suffix)
      throws BackendTls.CaException {
    var bundle = backendTls.caBundle(v.caCertificateRefs() == null ? List.of() : v.caCertificateRefs(), GATEWAY_GROUP,
        "Gateway", g.namespace());
    String name = "gateway/" + g.namespace() + "/" + g.name() + "/" + suffix + "/ca.crt";
    String mode = "AllowInsecureFallback".equals(v.mode()) ? "Request" : "RequireAndVerify";
    return new FrontendTlsValidation(
        new TlsCaCertificate(name, bundle.certificate() == null ? null : Bytes.of(bundle.certificate()), bundle.sds()),
        mode, null, null);
  }

  private static FrontendTlsValidation failed(BackendTls.CaException e) {
    String reason = switch (e.kind) {
      case INVALID_KIND -> ListenerConditions.REASON_INVALID_CA_CERTIFICATE_KIND;
      case NO_VALID_CA -> ListenerConditions.REASON_NO_VALID_CA_CERTIFICATE;
      case REF_NOT_PERMITTED -> ListenerConditions.REASON_REF_NOT_PERMITTED;
      case OTHER -> null;
    };
    return new FrontendTlsValidation(null, null, e.getMessage(), reason);
  }

  private boolean backend(GatewayContext g, SecretObjectReference ref) {
    if (ref == null) {
      return true;
    }
    String kind = ref.kind() == null ? "Secret" : ref.kind();
    String group = ref.group() == null ? "" : ref.group();
    if (!kind.equals("Secret")) {
      g.setCondition("ResolvedRefs", false, "InvalidClientCertificateRef",
          "Invalid backend client certificate reference for gateway: invalid client certificate reference kind: " + kind);
      return false;
    }
    if (!group.isEmpty()) {
      g.setCondition("ResolvedRefs", false, "InvalidClientCertificateRef",
          "Invalid backend client certificate reference for gateway: invalid client certificate reference group: "
              + group);
      return false;
    }
    String namespace = ref.namespace() == null ? g.namespace() : ref.namespace();
    if (!namespace.equals(g.namespace())
        && !ctx.referenceGrants.permitted(GATEWAY_GROUP, "Gateway", g.namespace(), group, kind, namespace, ref.name())) {
      g.setCondition("ResolvedRefs", false, "RefNotPermitted",
          "invalid cross-namespace reference to backend client certificate");
      return false;
    }
    var secret = ctx.index.secret(namespace, ref.name());
    if (secret == null) {
      g.setCondition("ResolvedRefs", false, "InvalidClientCertificateRef",
          "failed to get backend client certs for gateway");
      return false;
    }
    if (secret.data() == null || secret.data().get("tls.crt") == null || secret.data().get("tls.key") == null) {
      g.setCondition("ResolvedRefs", false, "InvalidClientCertificateRef", "invalid backend client cert secret for "
          + "gateway: secret " + namespace + "/" + ref.name() + " must contain 'tls.crt' and 'tls.key' fields");
      return false;
    }
    g.backendTls = new BackendTLSConfig(ref, null, null, null, null, null, null, null);
    return true;
  }
}

package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.PolicyStatusBuilder;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.tls.SdsSecrets;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.SdsConfig;
import dev.attache.control.ir.SubjectAltName;
import dev.attache.control.ir.TlsCaCertificate;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TlsUpstreamConfig;
import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendTLSConfig;
import dev.attache.control.resource.gatewayapi.BackendTLSPolicy;
import dev.attache.control.resource.gatewayapi.LocalObjectReference;
import dev.attache.control.resource.gatewayapi.LocalPolicyTargetReferenceWithSectionName;
import dev.attache.control.resource.gatewayapi.ObjectReference;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream TLS of a backend: the Backend's own TLS settings, a BackendTLSPolicy targeting it
 * (which wins where both say something), and the client certificate and TLS parameters of the
 * Gateway or its EnvoyProxy; versions default to TLS 1.2–1.3. Records each BackendTLSPolicy's
 * status per ancestor. As Envoy Gateway's {@code applyBackendTLSSetting} and
 * {@code ProcessBackendTLSPolicyStatus}.
 */
public final class BackendTls {
  public static final String SYSTEM_TRUST_STORE = "system_ca_certificates";
  static final String CA_CERT_KEY = "ca.crt";
  static final String TLS_CERT_KEY = "tls.crt";

  private final TranslationContext ctx;
  private final Map<BackendTLSPolicy, PolicyStatusBuilder> statuses = new IdentityHashMap<>();

  /** A CA reference problem, with the kind of failure for the condition reason. */
  public static final class CaException extends Exception {
    public final Kind kind;

    /** Why CA references failed. */
    public enum Kind { INVALID_KIND, NO_VALID_CA, REF_NOT_PERMITTED, OTHER }

    public CaException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  public BackendTls(TranslationContext ctx) {
    this.ctx = ctx;
  }

  private PolicyStatusBuilder status(BackendTLSPolicy policy) {
    return statuses.computeIfAbsent(policy, p -> new PolicyStatusBuilder(p.status(),
        p.metadata() == null || p.metadata().generation() == null ? 0 : p.metadata().generation()));
  }

  /** The TLS for {@code ref} reached through {@code parent}, or null for plain text. */
  public TlsUpstreamConfig resolve(BackendRefSpec ref, String namespace, ParentReference parent, GatewayContext gateway)
      throws Destinations.FilterException {
    TlsUpstreamConfig backendValidation = null;
    Client backendClient = null;
    if (ref.kindOrService().equals("Backend")) {
      Backend backend = ctx.index.backend(namespace, ref.name());
      if (backend == null) {
        throw new Destinations.FilterException("backend " + ref.name() + " not found");
      }
      var tls = backend.spec().tls();
      if (tls != null) {
        backendValidation = serverValidation(backend);
        if (hasClientConfig(tls)) {
          backendClient = client(new BackendTLSConfig(tls.clientCertificateRef(), tls.minVersion(), tls.maxVersion(),
              tls.ciphers(), tls.ecdhCurves(), tls.signatureAlgorithms(), tls.alpnProtocols(), tls.fingerprints()),
              "Backend", backend.namespace(), backend.name());
        }
      }
    }
    TlsUpstreamConfig policyValidation = policy(ref, namespace, parent);
    TlsUpstreamConfig merged = mergeValidation(backendValidation, policyValidation);
    if (merged == null) {
      return null;
    }
    if (!merged.insecureSkipVerify() && merged.caCertificate() == null) {
      throw new Destinations.FilterException("CACertificate must be specified when InsecureSkipVerify is false");
    }
    Client gatewayClient = null;
    if (gateway != null) {
      var owner = gatewayBackendTls(gateway);
      if (owner != null) {
        gatewayClient = client(owner.config(), owner.kind(), owner.namespace(), owner.name());
      }
    }
    Client client = mergeClient(backendClient, gatewayClient);
    List<TlsCertificate> clientCertificates = client == null ? List.of() : client.certificates;
    return new TlsUpstreamConfig(merged.sni(), merged.autoSNIFromEndpointHostname(), merged.useSystemTrustStore(),
        merged.caCertificate(), merged.subjectAltNames(), merged.insecureSkipVerify(), null, clientCertificates,
        client != null && client.minVersion != null ? client.minVersion : "1.2",
        client != null && client.maxVersion != null ? client.maxVersion : "1.3",
        client == null ? null : client.ciphers, client == null ? null : client.ecdhCurves,
        client == null ? null : client.signatureAlgorithms, client == null ? null : client.alpnProtocols);
  }

  private static boolean hasClientConfig(dev.attache.control.resource.envoygateway.BackendTLSSettings tls) {
    return tls.clientCertificateRef() != null || tls.minVersion() != null || tls.maxVersion() != null
        || tls.ciphers() != null || tls.ecdhCurves() != null || tls.signatureAlgorithms() != null
        || tls.alpnProtocols() != null || tls.fingerprints() != null;
  }

  /** The Gateway's {@code spec.tls.backend} (when set, even if unusable), else its EnvoyProxy's {@code backendTLS}. */
  record ClientOwner(BackendTLSConfig config, String kind, String namespace, String name) {
  }

  static ClientOwner gatewayBackendTls(GatewayContext g) {
    var spec = g.gateway().spec();
    if (spec.tls() != null && spec.tls().backend() != null) {
      return g.backendTls == null ? null : new ClientOwner(g.backendTls, "Gateway", g.namespace(), g.name());
    }
    if (g.envoyProxy() != null && g.envoyProxy().spec() != null && g.envoyProxy().spec().backendTLS() != null) {
      return new ClientOwner(g.envoyProxy().spec().backendTLS(), "EnvoyProxy", g.envoyProxy().namespace(),
          g.envoyProxy().name());
    }
    return null;
  }

  private TlsUpstreamConfig serverValidation(Backend backend) throws Destinations.FilterException {
    var tls = backend.spec().tls();
    boolean insecure = Boolean.TRUE.equals(tls.insecureSkipVerify());
    boolean autoSni = Boolean.TRUE.equals(tls.autoSNIFromEndpointHostname());
    boolean system = false;
    TlsCaCertificate ca = null;
    if (!insecure) {
      system = "System".equals(tls.wellKnownCACertificates());
      if (system) {
        ca = new TlsCaCertificate(ctx.settings.perResourceSystemCaSecret()
            ? backend.name() + "/" + backend.namespace() + "-ca" : SYSTEM_TRUST_STORE, null, null);
      } else if (tls.caCertificateRefs() != null && !tls.caCertificateRefs().isEmpty()) {
        CaBundle bundle;
        try {
          bundle = caBundle(tls.caCertificateRefs(), backend.namespace());
        } catch (CaException e) {
          throw new Destinations.FilterException(e.getMessage());
        }
        ca = new TlsCaCertificate(backend.name() + "/" + backend.namespace() + "-ca",
            bundle.certificate == null ? null : Bytes.of(bundle.certificate), bundle.sds);
      }
    }
    return new TlsUpstreamConfig(tls.sni(), autoSni, system, ca, null, insecure, null, null, null, null, null, null,
        null, null);
  }

  private TlsUpstreamConfig policy(BackendRefSpec ref, String namespace, ParentReference parent)
      throws Destinations.FilterException {
    BackendTLSPolicy policy = findPolicy(ref, namespace);
    if (policy == null) {
      return null;
    }
    PolicyStatusBuilder status = status(policy);
    List<ParentReference> ancestors = new ArrayList<>(status.ancestors());
    ancestors.add(parent);
    String controller = ctx.settings.controllerName();
    try {
      TlsUpstreamConfig bundle = policyBundle(policy);
      status.setAll(ancestors, controller, "ResolvedRefs", true, "ResolvedRefs", "Resolved all the Object references.");
      status.acceptAll(ancestors, controller);
      return bundle;
    } catch (CaException e) {
      String message = RouteError.conditionMessage(e.getMessage());
      String resolvedReason = e.kind == CaException.Kind.INVALID_KIND ? "InvalidKind" : "InvalidCACertificateRef";
      status.setAll(ancestors, controller, "Accepted", false, "NoValidCACertificate", message);
      status.setAll(ancestors, controller, "ResolvedRefs", false, resolvedReason, message);
      throw new Destinations.FilterException(e.getMessage());
    }
  }

  private TlsUpstreamConfig policyBundle(BackendTLSPolicy policy) throws CaException {
    var v = policy.spec().validation();
    List<SubjectAltName> sans = new ArrayList<>();
    if (v.subjectAltNames() != null) {
      for (var san : v.subjectAltNames()) {
        if ("Hostname".equals(san.type())) {
          sans.add(new SubjectAltName(san.hostname(), null));
        } else if ("URI".equals(san.type())) {
          sans.add(new SubjectAltName(null, san.uri()));
        }
      }
    }
    boolean system = "System".equals(v.wellKnownCACertificates());
    String caName = policy.name() + "/" + policy.namespace() + "-ca";
    if (system) {
      return new TlsUpstreamConfig(v.hostname(), false, true,
          new TlsCaCertificate(ctx.settings.perResourceSystemCaSecret() ? caName : SYSTEM_TRUST_STORE, null, null),
          sans, false, null, null, null, null, null, null, null, null);
    }
    CaBundle bundle = caBundle(v.caCertificateRefs() == null ? List.of() : v.caCertificateRefs(), policy.namespace());
    return new TlsUpstreamConfig(v.hostname(), false, false,
        new TlsCaCertificate(caName, bundle.certificate == null ? null : Bytes.of(bundle.certificate), bundle.sds),
        sans, false, null, null, null, null, null, null, null, null);
  }

  private static TlsUpstreamConfig mergeValidation(TlsUpstreamConfig backend, TlsUpstreamConfig policy) {
    if (backend == null) {
      return policy;
    }
    if (policy == null) {
      return backend;
    }
    TlsCaCertificate ca = backend.caCertificate();
    boolean system = backend.useSystemTrustStore();
    if (policy.caCertificate() != null) {
      ca = policy.caCertificate();
      if (!policy.useSystemTrustStore()) {
        system = false;
      }
    }
    String sni = backend.sni();
    boolean autoSni = backend.autoSNIFromEndpointHostname();
    if (policy.sni() != null) {
      sni = policy.sni();
      autoSni = false;
    }
    if (policy.useSystemTrustStore()) {
      system = true;
    }
    List<SubjectAltName> sans = policy.subjectAltNames() != null && !policy.subjectAltNames().isEmpty()
        ? policy.subjectAltNames() : backend.subjectAltNames();
    return new TlsUpstreamConfig(sni, autoSni, system, ca, sans, backend.insecureSkipVerify(), null, null, null, null,
        null, null, null, null);
  }

  /** Client certificate and TLS parameters from a BackendTLSConfig. */
  private static final class Client {
    List<TlsCertificate> certificates = List.of();
    String minVersion;
    String maxVersion;
    List<String> ciphers;
    List<String> ecdhCurves;
    List<String> signatureAlgorithms;
    List<String> alpnProtocols;
  }

  private Client client(BackendTLSConfig config, String ownerKind, String ownerNamespace, String ownerName)
      throws Destinations.FilterException {
    Client c = new Client();
    c.ciphers = config.ciphers() == null || config.ciphers().isEmpty() ? null : config.ciphers();
    c.ecdhCurves = config.ecdhCurves() == null || config.ecdhCurves().isEmpty() ? null : config.ecdhCurves();
    c.signatureAlgorithms = config.signatureAlgorithms() == null || config.signatureAlgorithms().isEmpty()
        ? null : config.signatureAlgorithms();
    c.minVersion = config.minVersion();
    c.maxVersion = config.maxVersion();
    c.alpnProtocols = config.alpnProtocols() == null ? null : List.copyOf(config.alpnProtocols());
    var ref = config.clientCertificateRef();
    if (ref != null) {
      String ns = ref.namespace() == null || ref.namespace().isEmpty() ? ownerNamespace : ref.namespace();
      if (!ownerKind.equals("Gateway") && !ns.equals(ownerNamespace)) {
        throw new Destinations.FilterException("ClientCertificateRef Secret is not located in the same namespace as "
            + ownerKind + ". Secret namespace: " + ns + " does not match " + ownerKind + " namespace: " + ownerNamespace);
      }
      Secret secret = ctx.index.secret(ns, ref.name());
      if (secret == null) {
        throw new Destinations.FilterException("failed to locate TLS secret for client auth: " + ownerNamespace + "/"
            + ref.name() + " specified in " + ownerKind + " " + ownerNamespace + "/" + ownerName);
      }
      if (SdsSecrets.TYPE.equals(secret.type())) {
        if (!ctx.settings.sdsSecretRefEnabled()) {
          throw new Destinations.FilterException("SDS Secret reference is not enabled in EnvoyGateway configuration");
        }
        try {
          c.certificates = List.of(new TlsCertificate(null, SdsSecrets.config(secret), null, null, null));
        } catch (SdsSecrets.InvalidSdsSecretException e) {
          throw new Destinations.FilterException("invalid SDS reference secret: " + e.getMessage());
        }
      } else {
        c.certificates = List.of(certificate(secret));
      }
    }
    return c;
  }

  static TlsCertificate certificate(Secret secret) {
    byte[] ocsp = ServingCertificates.data(secret, "tls.ocsp-staple");
    return new TlsCertificate(Names.tlsCertificate(secret.namespace(), secret.name()), null,
        Bytes.of(ServingCertificates.data(secret, ServingCertificates.CERT_KEY)),
        Bytes.of(ServingCertificates.data(secret, ServingCertificates.PRIVATE_KEY_KEY)), ocsp.length > 0 ? Bytes.of(ocsp) : null);
  }

  private static Client mergeClient(Client backend, Client gateway) {
    if (backend == null) {
      return gateway;
    }
    if (gateway == null) {
      return backend;
    }
    Client m = gateway;
    if (!backend.certificates.isEmpty()) {
      m.certificates = backend.certificates;
    }
    if (backend.minVersion != null) {
      m.minVersion = backend.minVersion;
    }
    if (backend.maxVersion != null) {
      m.maxVersion = backend.maxVersion;
    }
    if (backend.ciphers != null) {
      m.ciphers = backend.ciphers;
    }
    if (backend.ecdhCurves != null) {
      m.ecdhCurves = backend.ecdhCurves;
    }
    if (backend.signatureAlgorithms != null) {
      m.signatureAlgorithms = backend.signatureAlgorithms;
    }
    if (backend.alpnProtocols != null) {
      m.alpnProtocols = backend.alpnProtocols;
    }
    return m;
  }

  /** The BackendTLSPolicy for a backend: one naming its port (section) first, else one naming the whole backend. */
  private BackendTLSPolicy findPolicy(BackendRefSpec ref, String namespace) {
    String group = ref.group() == null ? "" : ref.group();
    String kind = ref.kindOrService();
    String section = sectionName(ref, namespace);
    if (section != null) {
      for (BackendTLSPolicy p : ctx.resources.backendTLSPolicies()) {
        if (matches(p, group, kind, ref.name(), section, namespace, true)) {
          return p;
        }
      }
    }
    for (BackendTLSPolicy p : ctx.resources.backendTLSPolicies()) {
      if (matches(p, group, kind, ref.name(), section, namespace, false)) {
        return p;
      }
    }
    return null;
  }

  private static boolean matches(BackendTLSPolicy p, String group, String kind, String name, String section,
      String namespace, boolean sectionMustMatch) {
    if (p.spec() == null || p.spec().targetRefs() == null) {
      return false;
    }
    for (LocalPolicyTargetReferenceWithSectionName t : p.spec().targetRefs()) {
      String tg = t.group() == null ? "" : t.group();
      if (tg.equals(group) && kind.equals(t.kind()) && namespace.equals(p.namespace()) && name.equals(t.name())) {
        if (t.sectionName() == null && section != null) {
          return !sectionMustMatch;
        } else if (Objects.equals(t.sectionName(), section)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The section a backend reference's port is: the Service port's name, or the port number for a Backend. */
  String sectionName(BackendRefSpec ref, String namespace) {
    if (ref.port() == null) {
      return null;
    }
    String kind = ref.kind();
    if (kind == null || kind.equals("Service")) {
      Service svc = ctx.index.service(namespace, ref.name());
      if (svc != null && svc.spec() != null && svc.spec().ports() != null) {
        for (var p : svc.spec().ports()) {
          if (ref.port().equals(p.port()) && p.name() != null && !p.name().isEmpty()) {
            return p.name();
          }
        }
      }
      return null;
    }
    if (kind.equals("ServiceImport")) {
      var si = ctx.index.serviceImport(namespace, ref.name());
      if (si != null && si.spec() != null && si.spec().ports() != null) {
        for (var p : si.spec().ports()) {
          if (ref.port().equals(p.port()) && p.name() != null && !p.name().isEmpty()) {
            return p.name();
          }
        }
      }
      return null;
    }
    return String.valueOf(ref.port());
  }

  /** A CA bundle: PEM certificates joined, or an SDS reference. */
  public record CaBundle(byte[] certificate, SdsConfig sds) {
  }

  /** The CA certificates behind {@code refs} in {@code namespace} (Envoy Gateway's getCaCertsFromCARefs). */
  public CaBundle caBundle(List<LocalObjectReference> refs, String namespace) throws CaException {
    List<ObjectReference> namespaced = new ArrayList<>(refs.size());
    for (LocalObjectReference ref : refs) {
      namespaced.add(new ObjectReference(ref.group(), ref.kind(), ref.name(), null));
    }
    return caBundle(namespaced, null, null, namespace);
  }

  /**
   * The CA certificates behind {@code refs} of an object ({@code fromGroup}/{@code fromKind} in
   * {@code fromNamespace}); a reference into another namespace needs a ReferenceGrant.
   */
  public CaBundle caBundle(List<ObjectReference> refs, String fromGroup, String fromKind, String fromNamespace)
      throws CaException {
    StringBuilder ca = new StringBuilder();
    boolean supported = false;
    SdsConfig sds = null;
    for (ObjectReference ref : refs) {
      String kind = ref.kind() == null ? "" : ref.kind();
      String namespace = ref.namespace() == null ? fromNamespace : ref.namespace();
      if (!namespace.equals(fromNamespace) && !ctx.referenceGrants.permitted(fromGroup, fromKind, fromNamespace,
          ref.group() == null ? "" : ref.group(), kind, namespace, ref.name())) {
        throw new CaException(CaException.Kind.REF_NOT_PERMITTED, "cross-namespace reference is not permitted by any ReferenceGrant"
            + " for caCertificateRef " + (ref.group() == null ? "" : ref.group()) + "/" + ref.name() + " (kind: " + kind
            + ", namespace: " + namespace + ")");
      }
      switch (kind) {
        case "ConfigMap" -> {
          supported = true;
          ConfigMap cm = ctx.index.configMap(namespace, ref.name());
          if (cm == null) {
            throw new CaException(CaException.Kind.OTHER, "configmap " + ref.name() + " not found in namespace " + namespace);
          }
          String crt = firstOf(cm.data(), CA_CERT_KEY, TLS_CERT_KEY);
          if (crt == null) {
            throw new CaException(CaException.Kind.OTHER, "no ca found in configmap " + cm.name());
          }
          append(ca, crt);
        }
        case "Secret" -> {
          supported = true;
          Secret secret = ctx.index.secret(namespace, ref.name());
          if (secret == null) {
            throw new CaException(CaException.Kind.OTHER, "secret " + ref.name() + " not found in namespace " + namespace);
          }
          if (SdsSecrets.TYPE.equals(secret.type())) {
            if (!ctx.settings.sdsSecretRefEnabled()) {
              throw new CaException(CaException.Kind.OTHER, "SDS Secret reference is not enabled in EnvoyGateway configuration");
            }
            if (sds != null) {
              throw new CaException(CaException.Kind.OTHER, "multiple SDS reference secrets are not supported");
            }
            try {
              sds = SdsSecrets.config(secret);
            } catch (SdsSecrets.InvalidSdsSecretException e) {
              throw new CaException(CaException.Kind.OTHER, "invalid SDS reference secret " + secret.name() + ": "
                  + e.getMessage());
            }
            continue;
          }
          Map<String, String> decoded = new HashMap<>();
          if (secret.data() != null) {
            for (String k : secret.data().keySet()) {
              decoded.put(k, new String(ServingCertificates.data(secret, k), StandardCharsets.UTF_8));
            }
          }
          String crt = firstOf(decoded, CA_CERT_KEY, TLS_CERT_KEY);
          if (crt == null) {
            throw new CaException(CaException.Kind.OTHER, "no ca found in secret " + secret.name());
          }
          append(ca, crt);
        }
        case "ClusterTrustBundle" -> {
          supported = true;
          var ctb = ctx.index.clusterTrustBundle(ref.name());
          if (ctb == null) {
            throw new CaException(CaException.Kind.OTHER, "cluster trust bundle " + ref.name() + " not found");
          }
          append(ca, ctb.spec().trustBundle());
        }
        default -> { }
      }
    }
    if (sds != null && !ca.isEmpty()) {
      throw new CaException(CaException.Kind.OTHER, "cannot mix SDS reference secrets with other CA certificate types");
    }
    if (sds != null) {
      return new CaBundle(null, sds);
    }
    if (ca.isEmpty()) {
      if (!supported) {
        throw new CaException(CaException.Kind.INVALID_KIND,
            "Unsupported reference kind, supported kinds are ConfigMap, Secret, and ClusterTrustBundle in caCertificateRefs");
      }
      throw new CaException(CaException.Kind.NO_VALID_CA, "no valid CA certificate found in referenced resources");
    }
    return new CaBundle(ca.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  private static void append(StringBuilder ca, String crt) {
    if (!ca.isEmpty()) {
      ca.append('\n');
    }
    ca.append(crt);
  }

  /** The value of the first key present, or the only value when there is one (Envoy Gateway's rule). */
  static String firstOf(Map<String, String> data, String... keys) {
    if (data == null) {
      return null;
    }
    for (String k : keys) {
      if (data.containsKey(k)) {
        return data.get(k);
      }
    }
    return data.size() == 1 ? data.values().iterator().next() : null;
  }

  /**
   * Marks BackendTLSPolicies that target something an earlier policy already targets as
   * conflicted, then returns every policy with its status.
   */
  public List<BackendTLSPolicy> finish() {
    Map<String, BackendTLSPolicy> targets = new HashMap<>();
    for (BackendTLSPolicy policy : ctx.resources.backendTLSPolicies()) {
      BackendTLSPolicy conflict = null;
      for (var ref : policy.spec() == null || policy.spec().targetRefs() == null
          ? List.<LocalPolicyTargetReferenceWithSectionName>of() : policy.spec().targetRefs()) {
        String key = policy.namespace() + "/" + ref.group() + "/" + ref.kind() + "/" + ref.name() + "/"
            + (ref.sectionName() == null ? "" : ref.sectionName());
        if (targets.containsKey(key)) {
          conflict = targets.get(key);
          break;
        }
        targets.put(key, policy);
      }
      if (conflict != null) {
        PolicyStatusBuilder conflictStatus = statuses.get(conflict);
        List<ParentReference> ancestors = conflictStatus == null ? List.of() : conflictStatus.ancestors();
        status(policy).setAll(ancestors, ctx.settings.controllerName(), "Accepted", false, "Conflicted",
            "Policy conflicts with BackendTLSPolicy " + conflict.namespace() + "/" + conflict.name() + ".");
      }
      PolicyStatusBuilder own = statuses.get(policy);
      if (own != null) {
        own.truncate(ctx.settings.controllerName());
      }
    }
    List<BackendTLSPolicy> out = new ArrayList<>();
    for (BackendTLSPolicy p : ctx.resources.backendTLSPolicies()) {
      PolicyStatusBuilder s = statuses.get(p);
      out.add(s == null ? p : new BackendTLSPolicy(p.apiVersion(), p.kind(), p.metadata(), p.spec(), s.build()));
    }
    return out;
  }
}

package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.SubjectAltName;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TlsUpstreamConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/** TLS towards backends: one transport socket match per backend, and the CA secrets. */
final class UpstreamTls {
  static final String SYSTEM_CERT_PATH = "/etc/ssl/certs/ca-certificates.crt";
  /** The secret name Envoy Gateway reserves for the system trust store. */
  static final String SYSTEM_TRUST_STORE = "system_ca_certificates";

  /** What the backends of a cluster ask of its HTTP and TLS settings. */
  record Needs(boolean autoHttpConfig, boolean http2, boolean forceHttp1, boolean autoSni) {
    static Needs of(ClusterArgs args) {
      boolean auto = !args.settings().isEmpty();
      boolean http2 = false;
      boolean http1 = false;
      boolean literalSni = false;
      boolean hostSni = false;
      for (DestinationSetting ds : args.settings()) {
        http2 |= Destinations.GRPC.equals(ds.protocol()) || Destinations.HTTP2.equals(ds.protocol());
        http1 |= ds.forceHTTP1Upstream();
        if (Destinations.TCP.equals(ds.protocol())) {
          auto = false;
        }
        auto = auto && ds.tls() != null;
        if (ds.tls() != null) {
          if (ds.tls().sni() != null) {
            literalSni = true;
          } else if (ds.tls().autoSNIFromEndpointHostname()) {
            hostSni = true;
          }
        }
      }
      return new Needs(auto, http2, http1, !literalSni && auto && !hostSni);
    }
  }

  private UpstreamTls() {}

  static void apply(Cluster.Builder cluster, ClusterArgs args) {
    Needs needs = Needs.of(args);
    var proxyProtocol = args.proxyProtocol();
    if (proxyProtocol != null) {
      cluster.setTransportSocket(ProxyProtocolSockets.wrap(proxyProtocol, args.transportSocket(),
          needs.autoHttpConfig()));
    } else if (args.transportSocket() != null) {
      cluster.setTransportSocket(args.transportSocket());
    }
    for (int i = 0; i < args.settings().size(); i++) {
      TlsUpstreamConfig tls = args.settings().get(i).tls();
      if (tls == null) {
        continue;
      }
      String match = args.name() + "/tls/" + i;
      TransportSocket socket = socket(tls, needs.autoSni() && !args.dynamicResolver());
      if (proxyProtocol != null) {
        socket = ProxyProtocolSockets.wrap(proxyProtocol, socket, needs.autoHttpConfig());
      }
      if (args.dynamicResolver()) {
        cluster.setTransportSocket(socket);
        continue;
      }
      cluster.addTransportSocketMatches(Cluster.TransportSocketMatch.newBuilder().setName(match)
          .setMatch(Struct.newBuilder().putFields("name",
              Value.newBuilder().setStringValue(match).build()))
          .setTransportSocket(socket));
    }
    if (needs.autoHttpConfig() && !cluster.hasTransportSocket() && proxyProtocol == null) {
      cluster.setTransportSocket(dummySocket());
    }
  }

  /** Envoy needs some TLS socket on the cluster for ALPN-based protocol selection. */
  static TransportSocket dummySocket() {
    return TransportSocket.newBuilder().setName("dummy.transport_socket")
        .setTypedConfig(Any.pack(UpstreamTlsContext.newBuilder()
            .setCommonTlsContext(CommonTlsContext.getDefaultInstance()).build())).build();
  }

  static TransportSocket socket(TlsUpstreamConfig tls, boolean autoSni) {
    UpstreamTlsContext.Builder ctx = UpstreamTlsContext.newBuilder();
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    if (!tls.insecureSkipVerify()) {
      boolean sanValidations = validation(tls, common);
      if (!sanValidations && (tls.sni() != null || autoSni || tls.autoSNIFromEndpointHostname())) {
        ctx.setAutoSniSanValidation(true);
      }
    }
    if (tls.sni() != null) {
      ctx.setSni(tls.sni());
    }
    if (tls.autoSNIFromEndpointHostname()) {
      ctx.setAutoHostSni(true);
    }
    TlsParameters params = DownstreamTls.params(tls.minVersion(), tls.maxVersion(), tls.ciphers(),
        tls.ecdhCurves(), tls.signatureAlgorithms());
    if (params != null) {
      common.setTlsParams(params);
    }
    common.addAllAlpnProtocols(tls.alpnProtocols());
    for (TlsCertificate cert : tls.clientCertificates()) {
      common.addTlsCertificateSdsSecretConfigs(cert.sds() != null ? Sds.secretConfig(cert.sds())
          : SdsSecretConfig.newBuilder().setName(cert.name()).setSdsConfig(ConfigSources.ads())
              .build());
    }
    ctx.setCommonTlsContext(common);
    return TransportSocket.newBuilder().setName(DownstreamTls.TLS_SOCKET)
        .setTypedConfig(Any.pack(ctx.build())).build();
  }

  /** Sets the CA and SAN checks; true when there are SAN checks. */
  private static boolean validation(TlsUpstreamConfig tls, CommonTlsContext.Builder common) {
    CommonTlsContext.CombinedCertificateValidationContext.Builder combined =
        CommonTlsContext.CombinedCertificateValidationContext.newBuilder();
    String caName = tls.caCertificate() == null ? "" : tls.caCertificate().name();
    combined.setValidationContextSdsSecretConfig(
        tls.caCertificate() != null && tls.caCertificate().sds() != null
            ? Sds.secretConfig(tls.caCertificate().sds())
            : SdsSecretConfig.newBuilder().setName(caName).setSdsConfig(ConfigSources.ads()).build());
    CertificateValidationContext.Builder vc = CertificateValidationContext.newBuilder();
    boolean sans = false;
    if (tls.sni() != null && tls.subjectAltNames().isEmpty()) {
      vc.addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.DNS, tls.sni()));
      sans = true;
    }
    for (SubjectAltName san : tls.subjectAltNames()) {
      if (san.hostname() != null) {
        vc.addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.DNS, san.hostname()));
      } else if (san.uri() != null) {
        vc.addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.URI, san.uri()));
      }
      sans = true;
    }
    combined.setDefaultValidationContext(vc);
    common.setCombinedValidationContext(combined);
    return sans;
  }

  private static SubjectAltNameMatcher san(SubjectAltNameMatcher.SanType type, String exact) {
    return SubjectAltNameMatcher.newBuilder().setSanType(type)
        .setMatcher(StringMatcher.newBuilder().setExact(exact)).build();
  }

  /** The CA secret of each verifying backend (the system trust store, or inline CA). */
  static void addSecrets(ResourceTable table, List<DestinationSetting> settings,
      TranslatorSettings translator) {
    for (DestinationSetting ds : settings) {
      TlsUpstreamConfig tls = ds.tls();
      if (tls == null || tls.insecureSkipVerify() || tls.caCertificate() == null) {
        continue;
      }
      String name = tls.caCertificate().name();
      if (tls.useSystemTrustStore()) {
        if (!table.hasSecret(name)) {
          table.addSecret(Secret.newBuilder().setName(name).setValidationContext(
              CertificateValidationContext.newBuilder().setTrustedCa(
                  DataSource.newBuilder().setFilename(SYSTEM_CERT_PATH))).build());
        }
      } else if (tls.caCertificate().sds() == null) {
        table.addSecret(Secret.newBuilder().setName(name).setValidationContext(
            CertificateValidationContext.newBuilder()
                .setTrustedCa(DownstreamTls.inline(tls.caCertificate().certificate()))).build());
      }
    }
  }

  /** Client certificates a backend presents, each once. */
  static void addClientCertificates(ResourceTable table, List<DestinationSetting> settings) {
    for (DestinationSetting ds : settings) {
      if (ds.tls() == null) {
        continue;
      }
      for (TlsCertificate cert : ds.tls().clientCertificates()) {
        Secret secret = DownstreamTls.certificateSecret(cert);
        if (secret != null && !table.hasSecret(secret.getName())) {
          table.addSecret(secret);
        }
      }
    }
  }
}

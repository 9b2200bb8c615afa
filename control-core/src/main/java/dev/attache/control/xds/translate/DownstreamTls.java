package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import dev.attache.control.ir.SdsConfig;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TlsCaCertificate;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.ir.TlsCrl;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.Builder;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import java.util.List;

/** TLS towards clients: the transport socket of a listener and the secrets it refers to. */
final class DownstreamTls {
  static final String TLS_SOCKET = "envoy.transport_sockets.tls";

  private DownstreamTls() {}

  /** The transport socket; {@code alpnOverride} replaces a missing ALPN list when not null. */
  static TransportSocket socket(TlsConfig tls, List<String> alpnOverride) {
    List<String> alpn = tls.alpnProtocols() != null ? tls.alpnProtocols()
        : alpnOverride != null ? alpnOverride : List.of("h2", "http/1.1");
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder().addAllAlpnProtocols(alpn);
    TlsParameters params = params(tls.minVersion(), tls.maxVersion(), tls.ciphers(),
        tls.ecdhCurves(), tls.signatureAlgorithms());
    if (params != null) {
      common.setTlsParams(params);
    }
    for (TlsCertificate cert : tls.certificates()) {
      common.addTlsCertificateSdsSecretConfigs(cert.sds() != null
          ? sds(cert.sds()) : SdsSecretConfig.newBuilder().setName(cert.name())
              .setSdsConfig(ConfigSources.ads()).build());
    }
    DownstreamTlsContext.Builder ctx = DownstreamTlsContext.newBuilder();
    if (tls.caCertificate() != null || tls.clientValidationEnabled()) {
      ctx.setRequireClientCertificate(BoolValue.of(tls.requireClientCertificate()));
      validation(tls, common);
    }
    ctx.setCommonTlsContext(common);
    if (!tls.statefulSessionResumption()) {
      ctx.setDisableStatefulSessionResumption(true);
    }
    if (!tls.statelessSessionResumption()) {
      ctx.setDisableStatelessSessionResumption(true);
    }
    return TransportSocket.newBuilder().setName(TLS_SOCKET)
        .setTypedConfig(Any.pack(ctx.build())).build();
  }

  /** The QUIC transport socket of an HTTP/3 listener: the same TLS, with ALPN h3. */
  static TransportSocket quicSocket(TlsConfig tls) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder().addAlpnProtocols("h3");
    TlsParameters params = params(tls.minVersion(), tls.maxVersion(), tls.ciphers(),
        tls.ecdhCurves(), tls.signatureAlgorithms());
    if (params != null) {
      common.setTlsParams(params);
    }
    for (TlsCertificate cert : tls.certificates()) {
      common.addTlsCertificateSdsSecretConfigs(cert.sds() != null
          ? sds(cert.sds()) : SdsSecretConfig.newBuilder().setName(cert.name())
              .setSdsConfig(ConfigSources.ads()).build());
    }
    DownstreamTlsContext.Builder ctx = DownstreamTlsContext.newBuilder();
    if (tls.caCertificate() != null || tls.clientValidationEnabled()) {
      ctx.setRequireClientCertificate(BoolValue.of(tls.requireClientCertificate()));
      validation(tls, common);
    }
    ctx.setCommonTlsContext(common);
    if (!tls.statefulSessionResumption()) {
      ctx.setDisableStatefulSessionResumption(true);
    }
    if (!tls.statelessSessionResumption()) {
      ctx.setDisableStatelessSessionResumption(true);
    }
    return TransportSocket.newBuilder().setName("envoy.transport_sockets.quic")
        .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.transport_sockets.quic.v3
            .QuicDownstreamTransport.newBuilder().setDownstreamTlsContext(ctx).build())).build();
  }

  private static void validation(TlsConfig tls, CommonTlsContext.Builder common) {
    boolean needsDefault = tls.acceptUntrusted() || tls.allowExpiredCertificate()
        || !tls.verifyCertificateSpki().isEmpty() || !tls.verifyCertificateHash().isEmpty()
        || !tls.matchTypedSubjectAltNames().isEmpty();
    CertificateValidationContext.Builder vc = CertificateValidationContext.newBuilder();
    if (tls.acceptUntrusted()) {
      vc.setTrustChainVerification(CertificateValidationContext.TrustChainVerification.ACCEPT_UNTRUSTED);
    }
    if (tls.allowExpiredCertificate()) {
      vc.setAllowExpiredCertificate(true);
    }
    vc.addAllVerifyCertificateSpki(tls.verifyCertificateSpki());
    vc.addAllVerifyCertificateHash(tls.verifyCertificateHash());
    for (StringMatch match : tls.matchTypedSubjectAltNames()) {
      SubjectAltNameMatcher.Builder san = SubjectAltNameMatcher.newBuilder()
          .setMatcher(Matchers.string(match));
      switch (match.name() == null ? "" : match.name()) {
        case "" -> san.setSanType(SubjectAltNameMatcher.SanType.SAN_TYPE_UNSPECIFIED);
        case "EMAIL" -> san.setSanType(SubjectAltNameMatcher.SanType.EMAIL);
        case "DNS" -> san.setSanType(SubjectAltNameMatcher.SanType.DNS);
        case "URI" -> san.setSanType(SubjectAltNameMatcher.SanType.URI);
        case "IP_ADDRESS" -> san.setSanType(SubjectAltNameMatcher.SanType.IP_ADDRESS);
        default -> san.setSanType(SubjectAltNameMatcher.SanType.OTHER_NAME).setOid(match.name());
      }
      vc.addMatchTypedSubjectAltNames(san);
    }
    TlsCaCertificate ca = tls.caCertificate();
    if (ca == null) {
      common.setValidationContext(vc);
      return;
    }
    SdsSecretConfig caSds = ca.sds() != null ? sds(ca.sds())
        : SdsSecretConfig.newBuilder().setName(ca.name()).setSdsConfig(ConfigSources.ads()).build();
    if (needsDefault) {
      common.setCombinedValidationContext(
          CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
              .setDefaultValidationContext(vc).setValidationContextSdsSecretConfig(caSds));
    } else {
      common.setValidationContextSdsSecretConfig(caSds);
    }
  }

  static TlsParameters params(String min, String max, List<String> ciphers, List<String> curves,
      List<String> signatureAlgorithms) {
    TlsParameters.Builder p = TlsParameters.newBuilder();
    boolean empty = true;
    if (min != null) {
      p.setTlsMinimumProtocolVersion(version(min));
      empty = false;
    }
    if (max != null) {
      p.setTlsMaximumProtocolVersion(version(max));
      empty = false;
    }
    if (!ciphers.isEmpty()) {
      p.addAllCipherSuites(ciphers);
      empty = false;
    }
    if (!curves.isEmpty()) {
      p.addAllEcdhCurves(curves);
      empty = false;
    }
    if (!signatureAlgorithms.isEmpty()) {
      p.addAllSignatureAlgorithms(signatureAlgorithms);
      empty = false;
    }
    return empty ? null : p.build();
  }

  private static TlsParameters.TlsProtocol version(String v) {
    return switch (v) {
      case "1.0" -> TlsParameters.TlsProtocol.TLSv1_0;
      case "1.1" -> TlsParameters.TlsProtocol.TLSv1_1;
      case "1.2" -> TlsParameters.TlsProtocol.TLSv1_2;
      case "1.3" -> TlsParameters.TlsProtocol.TLSv1_3;
      default -> TlsParameters.TlsProtocol.TLS_AUTO;
    };
  }

  /** An SDS secret served by an external SDS server, through its cluster. */
  static SdsSecretConfig sds(SdsConfig sds) {
    return Sds.secretConfig(sds);
  }

  /** The certificate secret, or null when it comes from SDS. */
  static Secret certificateSecret(TlsCertificate cert) {
    if (cert.sds() != null) {
      return null;
    }
    Builder tc = io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.newBuilder()
        .setCertificateChain(inline(cert.certificate()))
        .setPrivateKey(inline(cert.privateKey()));
    if (cert.ocspStaple() != null && cert.ocspStaple().length() > 0) {
      tc.setOcspStaple(inline(cert.ocspStaple()));
    }
    return Secret.newBuilder().setName(cert.name()).setTlsCertificate(tc).build();
  }

  /** The CA secret (with its CRL), or null when it comes from SDS. */
  static Secret caSecret(TlsCaCertificate ca, TlsCrl crl) {
    if (ca.sds() != null) {
      return null;
    }
    CertificateValidationContext.Builder vc = CertificateValidationContext.newBuilder()
        .setTrustedCa(inline(ca.certificate()));
    if (crl != null) {
      vc.setCrl(inline(crl.data())).setOnlyVerifyLeafCertCrl(crl.onlyVerifyLeafCertificate());
    }
    return Secret.newBuilder().setName(ca.name()).setValidationContext(vc).build();
  }

  static DataSource inline(dev.attache.control.ir.Bytes bytes) {
    return DataSource.newBuilder().setInlineBytes(bytes == null ? ByteString.EMPTY
        : ByteString.copyFrom(bytes.toArray())).build();
  }
}

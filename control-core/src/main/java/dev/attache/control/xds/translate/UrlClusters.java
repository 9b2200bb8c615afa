package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.TrafficFeatures;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.net.URI;
import java.util.List;

/**
 * Clusters for services an extension names by URL (remote dynamic modules, …): named
 * {@code <host with _ for .>_<port>}, resolved by DNS unless the host is an IP address, over TLS
 * checked against the system trust store for {@code https}.
 */
final class UrlClusters {
  private UrlClusters() {}

  record UrlCluster(String name, String host, int port, boolean dns, boolean tls) {}

  static UrlCluster of(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid URL " + url + ": " + e.getMessage(), e);
    }
    boolean tls = "https".equals(u.getScheme());
    int port = u.getPort() >= 0 ? u.getPort() : tls ? 443 : 80;
    String host = u.getHost() == null ? "" : u.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new UrlCluster(host.replace('.', '_') + "_" + port, host, port, !isIpLiteral(host), tls);
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
  }

  /** Adds the cluster for {@code url} (once) and returns its name. */
  static String add(ResourceTable table, String url, TrafficFeatures t,
      TranslatorSettings settings) {
    UrlCluster uc = of(url);
    DestinationSetting ds = new DestinationSetting(uc.name() + "/backend/-1", false, false, 1,
        null, null, false,
        List.of(new DestinationEndpoint(null, uc.host(), uc.port(), null, false, null)),
        null, null, null, null, null, null, false);
    Clusters.add(table, ClusterArgs.builder(uc.name(), List.of(ds)).traffic(t)
        .forceDns(uc.dns()).transportSocket(uc.tls() ? tlsSocket(uc.host()) : null).build(),
        settings);
    return uc.name();
  }

  /** TLS to a public service: SNI of its host, the system trust store, up to TLS 1.3. */
  static TransportSocket tlsSocket(String sni) {
    UpstreamTlsContext tls = UpstreamTlsContext.newBuilder().setSni(sni)
        .setCommonTlsContext(CommonTlsContext.newBuilder()
            .setTlsParams(TlsParameters.newBuilder()
                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3))
            .setValidationContext(CertificateValidationContext.newBuilder()
                .setTrustedCa(DataSource.newBuilder().setFilename(UpstreamTls.SYSTEM_CERT_PATH))))
        .build();
    return TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
        .setTypedConfig(Any.pack(tls)).build();
  }
}

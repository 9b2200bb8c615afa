package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.TlsCertificate;
import dev.attache.control.ir.Xds;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.net.URI;
import java.util.List;

/**
 * Clusters for the control plane's companion services that Envoy calls (the global rate-limit
 * service), reached over mutual TLS with the Envoy client certificate of the gateway.
 */
final class ServiceClusters {
  static final String CA_FILE = "/certs/ca.crt";

  private ServiceClusters() {}

  static void add(ResourceTable table, Xds ir, TranslatorSettings settings) {
    if (ir.globalResources() == null || ir.globalResources().envoyClientCertificate() == null) {
      return;
    }
    TlsCertificate clientCert = ir.globalResources().envoyClientCertificate();
    Secret secret = DownstreamTls.certificateSecret(clientCert);
    if (secret != null) {
      table.addSecret(secret);
    }
    boolean globalRateLimit = ir.http().stream().map(HttpListener::routes)
        .flatMap(List::stream).anyMatch(RouteRateLimits::hasGlobal);
    if (globalRateLimit) {
      URI url = URI.create(settings.rateLimitServiceUrl());
      DestinationSetting ds = new DestinationSetting(GlobalRateLimit.CLUSTER + "/backend/-1",
          false, false, 1, null, Destinations.GRPC, false,
          List.of(new DestinationEndpoint(null, url.getHost(), url.getPort(), null, false, null)),
          null, null, null, null, null, null, false);
      Clusters.add(table, ClusterArgs.of(GlobalRateLimit.CLUSTER, List.of(ds), ir.metrics(), null)
          .asDnsWithSocket(clientTlsSocket(clientCert)), settings);
    }
    boolean wasm = ir.http().stream().map(HttpListener::routes).flatMap(List::stream)
        .anyMatch(r -> !WasmExtensions.wasms(r).isEmpty());
    if (wasm) {
      String host = WasmExtensions.SERVICE_HOST + "." + settings.controllerNamespace()
          + ".svc.cluster.local";
      DestinationSetting ds = new DestinationSetting(WasmExtensions.CLUSTER + "/backend/-1",
          false, false, 1, null, Destinations.GRPC, false,
          List.of(new DestinationEndpoint(null, host, WasmExtensions.SERVICE_PORT, null, false,
              null)),
          null, null, null, null, null, null, false);
      Clusters.add(table, ClusterArgs.of(WasmExtensions.CLUSTER, List.of(ds), ir.metrics(), null)
          .asDnsWithSocket(clientTlsSocket(clientCert)), settings);
    }
  }

  /**
   * The cluster of the proxy fleet's own Service (least request, zone aware from one endpoint
   * on), which extensions may route to.
   */
  static void addProxyServiceCluster(ResourceTable table,
      dev.attache.control.ir.RouteDestination d, TranslatorSettings settings) {
    var lb = new dev.attache.control.ir.LoadBalancer(null,
        new dev.attache.control.ir.SlowStartHolder(null), null, null, null,
        new dev.attache.control.ir.PreferLocalZone(null, 1L, null), List.of(), null);
    Clusters.add(table, ClusterArgs.builder(d.name(), d.settings()).loadBalancer(lb)
        .ipFamily(ClusterArgs.ipFamily(d.settings())).metadata(d.metadata()).build(), settings);
  }

  /** A cluster for a telemetry collector (access logs, traces) with its traffic policy. */
  static ClusterArgs collectorArgs(dev.attache.control.ir.RouteDestination d,
      dev.attache.control.ir.TrafficFeatures t, dev.attache.control.ir.Metrics metrics,
      dev.attache.control.ir.HealthCheckLog healthCheckLog) {
    List<DestinationSetting> settings = d == null ? List.of() : d.settings();
    return ClusterArgs.builder(d == null ? "" : d.name(), settings).traffic(t).metrics(metrics)
        .metadata(d == null ? null : d.metadata()).healthCheckLog(healthCheckLog).build();
  }

  /** TLS 1.3 at most, the control plane's CA, and the gateway's client certificate over SDS. */
  static TransportSocket clientTlsSocket(TlsCertificate cert) {
    UpstreamTlsContext ctx = UpstreamTlsContext.newBuilder().setCommonTlsContext(
        CommonTlsContext.newBuilder()
            .setTlsParams(TlsParameters.newBuilder()
                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3))
            .setValidationContext(CertificateValidationContext.newBuilder()
                .setTrustedCa(DataSource.newBuilder().setFilename(CA_FILE)))
            .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder()
                .setName(cert.name()).setSdsConfig(ConfigSources.ads()))).build();
    return TransportSocket.newBuilder().setName(DownstreamTls.TLS_SOCKET)
        .setTypedConfig(Any.pack(ctx)).build();
  }
}

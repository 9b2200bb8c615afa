package dev.attache.control.xds.translate;

import dev.attache.control.ir.AdmissionControl;
import dev.attache.control.ir.BackendConnection;
import dev.attache.control.ir.CircuitBreaker;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.Dns;
import dev.attache.control.ir.HealthCheck;
import dev.attache.control.ir.HealthCheckLog;
import dev.attache.control.ir.Http1Settings;
import dev.attache.control.ir.Http2Settings;
import dev.attache.control.ir.LoadBalancer;
import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.ir.Timeout;
import dev.attache.control.ir.UpstreamProxyProtocol;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import java.util.List;

/** Everything a cluster is built from: its backends and the traffic policy that applies. */
record ClusterArgs(String name, List<DestinationSetting> settings, LoadBalancer loadBalancer,
    CircuitBreaker circuitBreaker, Timeout timeout, TcpKeepalive tcpKeepalive,
    BackendConnection backendConnection, Metrics metrics, Http1Settings http1,
    boolean useClientProtocol, String ipFamily, ResourceMetadata metadata, String statName,
    boolean isRoute, boolean forceDns, TransportSocket transportSocket,
    UpstreamProxyProtocol proxyProtocol, Http2Settings http2, HealthCheck healthCheck,
    HealthCheckLog healthCheckLog, String routeHostname, Dns dns,
    AdmissionControl admissionControl) {

  ClusterArgs {
    settings = List.copyOf(settings);
  }

  /** A cluster always resolved by DNS with a fixed transport socket (service clusters). */
  ClusterArgs asDnsWithSocket(TransportSocket socket) {
    return new ClusterArgs(name, settings, loadBalancer, circuitBreaker, timeout, tcpKeepalive,
        backendConnection, metrics, http1, useClientProtocol, ipFamily, metadata, statName,
        isRoute, true, socket, proxyProtocol, http2, healthCheck, healthCheckLog, routeHostname,
        dns, admissionControl);
  }

  static ClusterArgs of(String name, List<DestinationSetting> settings, Metrics metrics,
      ResourceMetadata metadata) {
    return new ClusterArgs(name, settings, null, null, null, null, null, metrics, null, false,
        ipFamily(settings), metadata, null, true, false, null, null, null, null, null, "", null,
        null);
  }

  /** The IP family of a set of backends: one family, or dual stack when they mix. */
  static String ipFamily(List<DestinationSetting> settings) {
    if (settings.size() == 1) {
      return settings.getFirst().ipFamily();
    }
    boolean v4 = false;
    boolean v6 = false;
    boolean dual = false;
    for (DestinationSetting s : settings) {
      if (s.ipFamily() == null) {
        continue;
      }
      switch (s.ipFamily()) {
        case "IPv4" -> v4 = true;
        case "IPv6" -> v6 = true;
        case "DualStack" -> dual = true;
        default -> { }
      }
    }
    if (dual || (v4 && v6)) {
      return "DualStack";
    }
    return v4 ? "IPv4" : v6 ? "IPv6" : null;
  }

  boolean dynamicResolver() {
    return !settings.isEmpty() && settings.getFirst().isDynamicResolver();
  }

  /** Whether the endpoints are host names resolved by DNS (not an EDS cluster). */
  boolean resolvedByDns() {
    return forceDns || !settings.isEmpty() && "FQDN".equals(settings.getFirst().addressType());
  }
}

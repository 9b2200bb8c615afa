package dev.attache.control.xds.translate;

import dev.attache.control.ir.AdmissionControl;
import dev.attache.control.ir.BackendConnection;
import dev.attache.control.ir.CircuitBreaker;
import dev.attache.control.ir.ClusterTraffic;
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

/**
 * Everything a cluster is built from: its backends and the traffic policy that applies. Built by
 * name with {@link #builder}; absent settings are null, flags false.
 */
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

  /** Arguments for the cluster {@code name} of {@code settings}, everything else unset. */
  static Builder builder(String name, List<DestinationSetting> settings) {
    return new Builder(name, settings);
  }

  /** A plain cluster of a route's backends (mirrors, telemetry and service clusters). */
  static ClusterArgs of(String name, List<DestinationSetting> settings, Metrics metrics,
      ResourceMetadata metadata) {
    return builder(name, settings).metrics(metrics).metadata(metadata)
        .ipFamily(ipFamily(settings)).isRoute(true).build();
  }

  /** A cluster always resolved by DNS with a fixed transport socket (service clusters). */
  ClusterArgs asDnsWithSocket(TransportSocket socket) {
    return toBuilder().forceDns(true).transportSocket(socket).build();
  }

  Builder toBuilder() {
    return builder(name, settings).loadBalancer(loadBalancer).circuitBreaker(circuitBreaker)
        .timeout(timeout).tcpKeepalive(tcpKeepalive).backendConnection(backendConnection)
        .metrics(metrics).http1(http1).useClientProtocol(useClientProtocol).ipFamily(ipFamily)
        .metadata(metadata).statName(statName).isRoute(isRoute).forceDns(forceDns)
        .transportSocket(transportSocket).proxyProtocol(proxyProtocol).http2(http2)
        .healthCheck(healthCheck).healthCheckLog(healthCheckLog).routeHostname(routeHostname)
        .dns(dns).admissionControl(admissionControl);
  }

  /** Collects {@link ClusterArgs} by name. */
  static final class Builder {
    private final String name;
    private final List<DestinationSetting> settings;
    private LoadBalancer loadBalancer;
    private CircuitBreaker circuitBreaker;
    private Timeout timeout;
    private TcpKeepalive tcpKeepalive;
    private BackendConnection backendConnection;
    private Metrics metrics;
    private Http1Settings http1;
    private boolean useClientProtocol;
    private String ipFamily;
    private ResourceMetadata metadata;
    private String statName;
    private boolean isRoute;
    private boolean forceDns;
    private TransportSocket transportSocket;
    private UpstreamProxyProtocol proxyProtocol;
    private Http2Settings http2;
    private HealthCheck healthCheck;
    private HealthCheckLog healthCheckLog;
    private String routeHostname = "";
    private Dns dns;
    private AdmissionControl admissionControl;

    private Builder(String name, List<DestinationSetting> settings) {
      this.name = name;
      this.settings = settings;
    }

    /**
     * The cluster settings of a route's or a shared cluster's traffic policy (load balancing,
     * circuit breaking, timeouts, keepalive, connection, proxy protocol, HTTP/2, health checks,
     * DNS, admission control); nothing when {@code t} is null.
     */
    Builder traffic(ClusterTraffic t) {
      if (t != null) {
        loadBalancer = t.loadBalancer();
        circuitBreaker = t.circuitBreaker();
        timeout = t.timeout();
        tcpKeepalive = t.tcpKeepalive();
        backendConnection = t.backendConnection();
        proxyProtocol = t.proxyProtocol();
        http2 = t.http2();
        healthCheck = t.healthCheck();
        dns = t.dns();
        admissionControl = t.admissionControl();
      }
      return this;
    }

    Builder loadBalancer(LoadBalancer v) {
      loadBalancer = v;
      return this;
    }

    Builder circuitBreaker(CircuitBreaker v) {
      circuitBreaker = v;
      return this;
    }

    Builder timeout(Timeout v) {
      timeout = v;
      return this;
    }

    Builder tcpKeepalive(TcpKeepalive v) {
      tcpKeepalive = v;
      return this;
    }

    Builder backendConnection(BackendConnection v) {
      backendConnection = v;
      return this;
    }

    Builder metrics(Metrics v) {
      metrics = v;
      return this;
    }

    Builder http1(Http1Settings v) {
      http1 = v;
      return this;
    }

    Builder useClientProtocol(boolean v) {
      useClientProtocol = v;
      return this;
    }

    Builder ipFamily(String v) {
      ipFamily = v;
      return this;
    }

    Builder metadata(ResourceMetadata v) {
      metadata = v;
      return this;
    }

    Builder statName(String v) {
      statName = v;
      return this;
    }

    /**
     * Whether the cluster is one route's, whose route carries hashing and the stream duration; a
     * shared cluster (a BackendCluster, a service) carries them itself.
     */
    Builder isRoute(boolean v) {
      isRoute = v;
      return this;
    }

    /** Resolve endpoints by DNS whatever their address type. */
    Builder forceDns(boolean v) {
      forceDns = v;
      return this;
    }

    Builder transportSocket(TransportSocket v) {
      transportSocket = v;
      return this;
    }

    Builder proxyProtocol(UpstreamProxyProtocol v) {
      proxyProtocol = v;
      return this;
    }

    Builder http2(Http2Settings v) {
      http2 = v;
      return this;
    }

    Builder healthCheck(HealthCheck v) {
      healthCheck = v;
      return this;
    }

    Builder healthCheckLog(HealthCheckLog v) {
      healthCheckLog = v;
      return this;
    }

    /** The route's host name, the default Host of HTTP health checks; empty when none. */
    Builder routeHostname(String v) {
      routeHostname = v;
      return this;
    }

    Builder dns(Dns v) {
      dns = v;
      return this;
    }

    Builder admissionControl(AdmissionControl v) {
      admissionControl = v;
      return this;
    }

    ClusterArgs build() {
      return new ClusterArgs(name, settings, loadBalancer, circuitBreaker, timeout, tcpKeepalive,
          backendConnection, metrics, http1, useClientProtocol, ipFamily, metadata, statName,
          isRoute, forceDns, transportSocket, proxyProtocol, http2, healthCheck, healthCheckLog,
          routeHostname, dns, admissionControl);
    }
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

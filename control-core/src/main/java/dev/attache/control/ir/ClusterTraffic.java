package dev.attache.control.ir;

/**
 * The ten cluster-level settings that a route's traffic policy ({@link TrafficFeatures}) and a
 * shared cluster's ({@link ClusterTrafficFeatures}) have in common, so a cluster is built from
 * either the same way.
 */
public sealed interface ClusterTraffic permits TrafficFeatures, ClusterTrafficFeatures {
  Dns dns();

  LoadBalancer loadBalancer();

  UpstreamProxyProtocol proxyProtocol();

  Http2Settings http2();

  HealthCheck healthCheck();

  CircuitBreaker circuitBreaker();

  Timeout timeout();

  TcpKeepalive tcpKeepalive();

  BackendConnection backendConnection();

  AdmissionControl admissionControl();
}

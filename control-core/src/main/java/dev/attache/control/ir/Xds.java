package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.envoygateway.FilterPosition;
import java.util.List;

/** One gateway's xDS IR: its listeners and what they share. */
public record Xds(
    @JsonProperty("readyListener") ReadyListener readyListener,
    @JsonProperty("envoyPatchPolicies") List<EnvoyPatchPolicy> envoyPatchPolicies,
    @JsonProperty("accessLog") AccessLog accessLog,
    @JsonProperty("tracing") Tracing tracing,
    @JsonProperty("metrics") Metrics metrics,
    @JsonProperty("healthCheckLog") HealthCheckLog healthCheckLog,
    @JsonProperty("http") List<HttpListener> http,
    @JsonProperty("tcp") List<TcpListener> tcp,
    @JsonProperty("udp") List<UdpListener> udp,
    @JsonProperty("globalResources") GlobalResources globalResources,
    @JsonProperty("backendClusters") List<BackendCluster> backendClusters,
    @JsonProperty("filterOrder") List<FilterPosition> filterOrder) {
  public Xds {
    envoyPatchPolicies = envoyPatchPolicies == null ? List.of() : List.copyOf(envoyPatchPolicies);
    http = http == null ? List.of() : List.copyOf(http);
    tcp = tcp == null ? List.of() : List.copyOf(tcp);
    udp = udp == null ? List.of() : List.copyOf(udp);
    backendClusters = backendClusters == null ? List.of() : List.copyOf(backendClusters);
    filterOrder = filterOrder == null ? List.of() : List.copyOf(filterOrder);
  }

  /** An IR with the default HTTP filter order. */
  public Xds(ReadyListener readyListener, List<EnvoyPatchPolicy> envoyPatchPolicies, AccessLog accessLog,
      Tracing tracing, Metrics metrics, HealthCheckLog healthCheckLog, List<HttpListener> http, List<TcpListener> tcp,
      List<UdpListener> udp, GlobalResources globalResources, List<BackendCluster> backendClusters) {
    this(readyListener, envoyPatchPolicies, accessLog, tracing, metrics, healthCheckLog, http, tcp, udp,
        globalResources, backendClusters, null);
  }
}

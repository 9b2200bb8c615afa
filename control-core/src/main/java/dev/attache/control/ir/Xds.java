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
    @JsonProperty("filterOrder") List<FilterPosition> filterOrder,
    @JsonProperty("extensionServerPolicies") List<UnstructuredRef> extensionServerPolicies) {
  public Xds {
    envoyPatchPolicies = envoyPatchPolicies == null ? List.of() : List.copyOf(envoyPatchPolicies);
    http = http == null ? List.of() : List.copyOf(http);
    tcp = tcp == null ? List.of() : List.copyOf(tcp);
    udp = udp == null ? List.of() : List.copyOf(udp);
    backendClusters = backendClusters == null ? List.of() : List.copyOf(backendClusters);
    filterOrder = filterOrder == null ? List.of() : List.copyOf(filterOrder);
    extensionServerPolicies = extensionServerPolicies == null ? List.of() : List.copyOf(extensionServerPolicies);
  }
}

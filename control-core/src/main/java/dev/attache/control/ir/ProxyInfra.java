package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The Envoy proxy fleet of one gateway: its name, labels, listeners and configuration. */
public record ProxyInfra(
    @JsonProperty("metadata") InfraMetadata metadata,
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("config") JsonNode config,
    @JsonProperty("listeners") List<ProxyListener> listeners,
    @JsonProperty("addresses") List<String> addresses,
    @JsonProperty("resolvedMetricSinks") List<ResolvedMetricSink> resolvedMetricSinks) {
  public ProxyInfra {
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    resolvedMetricSinks = resolvedMetricSinks == null ? List.of() : List.copyOf(resolvedMetricSinks);
  }
}

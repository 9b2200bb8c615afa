package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One backend of a destination: its endpoints, protocol, TLS and filters. */
public record DestinationSetting(
    @JsonProperty("name") String name,
    @JsonProperty("isDynamicResolver") boolean isDynamicResolver,
    @JsonProperty("isCustomBackend") boolean isCustomBackend,
    @JsonProperty("weight") Integer weight,
    @JsonProperty("priority") Integer priority,
    @JsonProperty("protocol") String protocol,
    @JsonProperty("forceHTTP1Upstream") boolean forceHTTP1Upstream,
    @JsonProperty("endpoints") List<DestinationEndpoint> endpoints,
    @JsonProperty("addressType") String addressType,
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("tls") TlsUpstreamConfig tls,
    @JsonProperty("filters") DestinationFilters filters,
    @JsonProperty("preferLocal") PreferLocalZone preferLocal,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("invalid") boolean invalid) {
  public DestinationSetting {
    name = name == null ? "" : name;
    protocol = protocol == null ? "" : protocol;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster shared by several routes. */
public record BackendCluster(
    @JsonProperty("name") String name,
    @JsonProperty("setting") DestinationSetting setting,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("useClientProtocol") Boolean useClientProtocol,
    @JsonProperty("traffic") ClusterTrafficFeatures traffic) {
  public BackendCluster {
    name = name == null ? "" : name;
  }
}

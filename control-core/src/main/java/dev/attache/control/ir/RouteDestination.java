package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where a route sends traffic: one cluster, by its settings. */
public record RouteDestination(
    @JsonProperty("name") String name,
    @JsonProperty("statName") String statName,
    @JsonProperty("settings") List<DestinationSetting> settings,
    @JsonProperty("backendClusterRefs") List<BackendClusterRef> backendClusterRefs,
    @JsonProperty("metadata") ResourceMetadata metadata) {
  public RouteDestination {
    name = name == null ? "" : name;
    settings = settings == null ? List.of() : List.copyOf(settings);
    backendClusterRefs = backendClusterRefs == null ? List.of() : List.copyOf(backendClusterRefs);
  }
}

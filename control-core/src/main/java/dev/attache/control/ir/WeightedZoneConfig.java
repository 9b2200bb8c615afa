package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The share of traffic a zone receives. */
public record WeightedZoneConfig(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("zone") String zone,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("weight") int weight) {
  public WeightedZoneConfig {
    zone = zone == null ? "" : zone;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The share of traffic one zone gets. */
public record WeightedZoneConfig(
    @JsonProperty("zone") String zone,
    @JsonProperty("weight") int weight) {
  public WeightedZoneConfig {
    zone = zone == null ? "" : zone;
  }
}

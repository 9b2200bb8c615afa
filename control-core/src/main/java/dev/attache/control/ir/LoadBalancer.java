package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The load-balancing policy of a cluster. */
public record LoadBalancer(
    @JsonProperty("roundRobin") SlowStartHolder roundRobin,
    @JsonProperty("leastRequest") SlowStartHolder leastRequest,
    @JsonProperty("random") Empty random,
    @JsonProperty("consistentHash") ConsistentHash consistentHash,
    @JsonProperty("backendUtilization") BackendUtilization backendUtilization,
    @JsonProperty("preferLocal") PreferLocalZone preferLocal,
    @JsonProperty("weightedZones") List<WeightedZoneConfig> weightedZones,
    @JsonProperty("endpointOverride") EndpointOverride endpointOverride) {
  public LoadBalancer {
    weightedZones = weightedZones == null ? List.of() : List.copyOf(weightedZones);
  }
}

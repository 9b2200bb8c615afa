package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The load-balancing policy of a cluster. */
public record LoadBalancer(
    @JsonProperty("roundRobin") SlowStartHolder roundRobin,
    @JsonProperty("leastRequest") SlowStartHolder leastRequest,
    @JsonProperty("random") Empty random,
    @JsonProperty("consistentHash") ConsistentHash consistentHash,
    @JsonProperty("preferLocal") PreferLocalZone preferLocal) {
}

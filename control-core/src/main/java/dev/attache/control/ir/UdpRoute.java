package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The route of a UDP listener. */
public record UdpRoute(
    @JsonProperty("dns") Dns dns,
    @JsonProperty("name") String name,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("loadBalancer") LoadBalancer loadBalancer) {
  public UdpRoute {
    name = name == null ? "" : name;
  }
}

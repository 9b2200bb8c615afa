package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A UDP listener with its one route. */
public record UdpListener(
    @JsonProperty("name") String name,
    @JsonProperty("address") String address,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("externalPort") int externalPort,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("route") UdpRoute route) {
  public UdpListener {
    name = name == null ? "" : name;
    address = address == null ? "" : address;
  }
}

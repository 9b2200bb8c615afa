package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A UDP listener with its one route. */
public record UdpListener(
    @JsonProperty("extensionRefs") List<UnstructuredRef> extensionRefs,
    @JsonProperty("name") String name,
    @JsonProperty("address") String address,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("externalPort") int externalPort,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("route") UdpRoute route) {
  public UdpListener {
    extensionRefs = extensionRefs == null ? List.of() : List.copyOf(extensionRefs);
    name = name == null ? "" : name;
    address = address == null ? "" : address;
  }
}

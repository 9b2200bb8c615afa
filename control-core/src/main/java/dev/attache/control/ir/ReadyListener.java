package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The listener Envoy's readiness probe hits. */
public record ReadyListener(
    @JsonProperty("ipFamily") String ipFamily,
    @JsonProperty("address") String address,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("path") String path) {
  public ReadyListener {
    ipFamily = ipFamily == null ? "" : ipFamily;
    address = address == null ? "" : address;
    path = path == null ? "" : path;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One endpoint: host and port, or a Unix socket path. */
public record DestinationEndpoint(
    @JsonProperty("hostname") String hostname,
    @JsonProperty("host") String host,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("port") int port,
    @JsonProperty("path") String path,
    @JsonProperty("draining") boolean draining,
    @JsonProperty("zone") String zone) {
  public DestinationEndpoint {
    host = host == null ? "" : host;
  }
}

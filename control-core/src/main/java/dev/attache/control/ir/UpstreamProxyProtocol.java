package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The PROXY protocol version Envoy speaks to a backend (V1 or V2). */
public record UpstreamProxyProtocol(
    @JsonProperty("version") String version) {
  public UpstreamProxyProtocol {
    version = version == null ? "" : version;
  }
}

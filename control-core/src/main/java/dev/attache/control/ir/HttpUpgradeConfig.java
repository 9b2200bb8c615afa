package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An HTTP upgrade the route allows. */
public record HttpUpgradeConfig(
    @JsonProperty("type") String type,
    @JsonProperty("connect") ConnectConfig connect) {
  public HttpUpgradeConfig {
    type = type == null ? "" : type;
  }
}

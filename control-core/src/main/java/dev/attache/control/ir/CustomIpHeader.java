package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A header that carries the client address. */
public record CustomIpHeader(
    @JsonProperty("name") String name,
    @JsonProperty("failClosed") Boolean failClosed) {
  public CustomIpHeader {
    name = name == null ? "" : name;
  }
}

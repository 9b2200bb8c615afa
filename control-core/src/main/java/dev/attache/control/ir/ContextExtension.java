package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A key and value passed to the service with each check. */
public record ContextExtension(
    @JsonProperty("name") String name,
    @JsonProperty("value") Bytes value) {
  public ContextExtension {
    name = name == null ? "" : name;
  }
}

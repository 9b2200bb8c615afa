package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A key and value passed to the service with each check. */
public record ContextExtension(
    @JsonProperty("name") String name,
    @JsonProperty("value") @JsonSerialize(using = Bytes.Redacting.class) Bytes value) {
  public ContextExtension {
    name = name == null ? "" : name;
  }
}

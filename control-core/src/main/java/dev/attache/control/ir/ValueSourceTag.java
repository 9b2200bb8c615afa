package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A tag value read by name, with a default. */
public record ValueSourceTag(
    @JsonProperty("name") String name,
    @JsonProperty("defaultValue") String defaultValue) {
  public ValueSourceTag {
    name = name == null ? "" : name;
  }
}

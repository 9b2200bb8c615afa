package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A header or query parameter, by name. */
public record NameRef(
    @JsonProperty("name") String name) {
  public NameRef {
    name = name == null ? "" : name;
  }
}

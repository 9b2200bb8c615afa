package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A reference to a shared backend cluster. */
public record BackendClusterRef(
    @JsonProperty("name") String name,
    @JsonProperty("weight") Integer weight) {
  public BackendClusterRef {
    name = name == null ? "" : name;
  }
}

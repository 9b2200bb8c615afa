package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sticky sessions by header. */
public record HeaderSessionPersistence(
    @JsonProperty("name") String name) {
  public HeaderSessionPersistence {
    name = name == null ? "" : name;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A key and a value. */
public record MapEntry(
    @JsonProperty("key") String key,
    @JsonProperty("value") String value) {
  public MapEntry {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Moves filters of one type before the first, or after the last, filter of another type. */
public record FilterPosition(
    @JsonProperty("name") String name,
    @JsonProperty("before") String before,
    @JsonProperty("after") String after) {
  public FilterPosition {
    name = name == null ? "" : name;
  }
}

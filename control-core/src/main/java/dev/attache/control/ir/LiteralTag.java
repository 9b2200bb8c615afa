package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A fixed tag value. */
public record LiteralTag(
    @JsonProperty("value") String value) {
  public LiteralTag {
    value = value == null ? "" : value;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A span tag and where its value comes from. */
public record CustomTagEntry(
    @JsonProperty("key") String key,
    @JsonProperty("value") CustomTag value) {
  public CustomTagEntry {
    key = key == null ? "" : key;
  }
}

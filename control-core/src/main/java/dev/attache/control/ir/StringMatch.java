package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A string match on a path, header, query parameter or cookie. */
public record StringMatch(
    @JsonProperty("name") String name,
    @JsonProperty("exact") String exact,
    @JsonProperty("prefix") String prefix,
    @JsonProperty("suffix") String suffix,
    @JsonProperty("safeRegex") String safeRegex,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("distinct") boolean distinct,
    @JsonProperty("invert") Boolean invert) {
  public StringMatch {
    name = name == null ? "" : name;
  }
}

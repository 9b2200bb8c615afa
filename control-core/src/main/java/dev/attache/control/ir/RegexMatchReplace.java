package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A regex and its substitution. */
public record RegexMatchReplace(
    @JsonProperty("pattern") String pattern,
    @JsonProperty("substitution") String substitution) {
  public RegexMatchReplace {
    pattern = pattern == null ? "" : pattern;
    substitution = substitution == null ? "" : substitution;
  }
}

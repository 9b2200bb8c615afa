package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One override: what it matches and the response or redirect given instead. */
public record ResponseOverrideRule(
    @JsonProperty("name") String name,
    @JsonProperty("match") CustomResponseMatch match,
    @JsonProperty("response") CustomResponse response,
    @JsonProperty("redirect") Redirect redirect,
    @JsonProperty("source") String source) {
  public ResponseOverrideRule {
    name = name == null ? "" : name;
    source = source == null ? "" : source;
  }
}

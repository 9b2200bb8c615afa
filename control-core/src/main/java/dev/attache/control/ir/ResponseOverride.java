package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Responses a route's backend answers that Envoy replaces or redirects. */
public record ResponseOverride(
    @JsonProperty("name") String name,
    @JsonProperty("rules") List<ResponseOverrideRule> rules) {
  public ResponseOverride {
    name = name == null ? "" : name;
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}

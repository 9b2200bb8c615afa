package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Path normalisation of an HTTP listener. */
public record PathSettings(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("mergeSlashes") boolean mergeSlashes,
    @JsonProperty("escapedSlashesAction") String escapedSlashesAction) {
  public PathSettings {
    escapedSlashesAction = escapedSlashesAction == null ? "" : escapedSlashesAction;
  }
}

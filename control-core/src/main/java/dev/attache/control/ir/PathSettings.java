package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Path normalisation of an HTTP listener. */
public record PathSettings(
    @JsonProperty("mergeSlashes") boolean mergeSlashes,
    @JsonProperty("escapedSlashesAction") String escapedSlashesAction) {
  public PathSettings {
    escapedSlashesAction = escapedSlashesAction == null ? "" : escapedSlashesAction;
  }
}

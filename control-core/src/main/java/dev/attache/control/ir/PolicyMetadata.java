package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A policy that applies to an IR element. */
public record PolicyMetadata(
    @JsonProperty("kind") String kind,
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace) {
  public PolicyMetadata {
    kind = kind == null ? "" : kind;
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
  }
}

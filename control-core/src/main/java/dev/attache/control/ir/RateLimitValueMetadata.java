package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A limit read from dynamic metadata at request time. */
public record RateLimitValueMetadata(
    @JsonProperty("namespace") String namespace,
    @JsonProperty("key") String key) {
  public RateLimitValueMetadata {
    namespace = namespace == null ? "" : namespace;
    key = key == null ? "" : key;
  }
}

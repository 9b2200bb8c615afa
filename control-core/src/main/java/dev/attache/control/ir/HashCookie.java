package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The cookie consistent hashing reads (and sets, with a TTL and attributes). */
public record HashCookie(
    @JsonProperty("name") String name,
    @JsonProperty("ttl") String ttl,
    @JsonProperty("attributes") Map<String, String> attributes) {
  public HashCookie {
    name = name == null ? "" : name;
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
  }
}

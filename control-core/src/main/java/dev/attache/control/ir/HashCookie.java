package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.Map;

/** The cookie consistent hashing reads (and sets, with a TTL and attributes). */
public record HashCookie(
    @JsonProperty("name") String name,
    @JsonProperty("ttl") GoDuration ttl,
    @JsonProperty("attributes") Map<String, String> attributes) {
  public HashCookie {
    name = name == null ? "" : name;
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
  }
}

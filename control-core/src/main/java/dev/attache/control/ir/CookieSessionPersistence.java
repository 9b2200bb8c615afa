package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Sticky sessions by cookie. */
public record CookieSessionPersistence(
    @JsonProperty("name") String name,
    @JsonProperty("ttl") GoDuration ttl) {
  public CookieSessionPersistence {
    name = name == null ? "" : name;
  }
}

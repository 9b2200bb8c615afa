package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sticky sessions by cookie. */
public record CookieSessionPersistence(
    @JsonProperty("name") String name,
    @JsonProperty("ttl") String ttl) {
  public CookieSessionPersistence {
    name = name == null ? "" : name;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A Lua script run on the route's requests and responses. */
public record Lua(
    @JsonProperty("name") String name,
    @JsonProperty("code") String code,
    @JsonProperty("filterContext") JsonNode filterContext) {
  public Lua {
    name = name == null ? "" : name;
  }
}

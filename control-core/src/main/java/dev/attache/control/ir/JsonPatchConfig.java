package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One patch: the resource it applies to and the operation. */
public record JsonPatchConfig(
    @JsonProperty("type") String type,
    @JsonProperty("name") String name,
    @JsonProperty("operation") JsonPatchOperation operation) {
  public JsonPatchConfig {
    type = type == null ? "" : type;
    name = name == null ? "" : name;
  }
}

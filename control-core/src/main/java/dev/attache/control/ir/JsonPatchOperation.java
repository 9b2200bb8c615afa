package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** An RFC 6902 operation, addressed by JSON pointer (path) or JSONPath. */
public record JsonPatchOperation(
    @JsonProperty("op") String op,
    @JsonProperty("path") String path,
    @JsonProperty("jsonPath") String jsonPath,
    @JsonProperty("from") String from,
    @JsonProperty("value") JsonNode value) {
  public JsonPatchOperation {
    op = op == null ? "" : op;
  }
}

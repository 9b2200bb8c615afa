package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** JSON patches to the generated Envoy resources, with the policy's status. */
public record EnvoyPatchPolicy(
    @JsonProperty("status") JsonNode status,
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("generation") Long generation,
    @JsonProperty("jsonPatches") List<JsonPatchConfig> jsonPatches) {
  public EnvoyPatchPolicy {
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
    jsonPatches = jsonPatches == null ? List.of() : List.copyOf(jsonPatches);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The Kubernetes object an IR element came from. */
public record ResourceMetadata(
    @JsonProperty("kind") String kind,
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("annotations") List<MapEntry> annotations,
    @JsonProperty("sectionName") String sectionName,
    @JsonProperty("policies") List<PolicyMetadata> policies) {
  public ResourceMetadata {
    kind = kind == null ? "" : kind;
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
    annotations = annotations == null ? List.of() : List.copyOf(annotations);
    sectionName = sectionName == null ? "" : sectionName;
    policies = policies == null ? List.of() : List.copyOf(policies);
  }
}

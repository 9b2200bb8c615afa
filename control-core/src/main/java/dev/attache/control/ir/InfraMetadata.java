package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Labels, annotations and owner of the managed proxy's objects. */
public record InfraMetadata(
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("ownerReference") ResourceMetadata ownerReference) {
  public InfraMetadata {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}

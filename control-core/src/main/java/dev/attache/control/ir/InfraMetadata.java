package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Labels, annotations and owner given to the proxy's Kubernetes objects. */
public record InfraMetadata(
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("ownerReference") ResourceMetadata ownerReference) {
  public InfraMetadata {
    annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
  }
}

package dev.attache.extension.sdk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.IOException;

/**
 * A Kubernetes object of one of the extension's own kinds, as Envoy Gateway sends it: the JSON of
 * an unstructured object. Gives typed access to the parts a hook needs.
 */
public record ExtensionResource(ObjectNode object) {
  private static final ObjectMapper JSON = new ObjectMapper()
      // A team's spec class may lag behind its CRD; new fields must not break old hooks.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ExtensionResource {
    requireNonNull(object, "object");
  }

  /** Reads the unstructured JSON of {@code ExtensionResource.unstructured_bytes}. */
  public static ExtensionResource parse(ByteString unstructuredBytes) {
    try {
      JsonNode node = JSON.readTree(unstructuredBytes.toByteArray());
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalArgumentException("extension resource: expected a JSON object, got " + node.getNodeType());
      }
      return new ExtensionResource(object);
    } catch (IOException e) {
      throw new IllegalArgumentException("extension resource: not JSON: " + e.getMessage(), e);
    }
  }

  public static ExtensionResource of(JsonNode object) {
    if (!(object instanceof ObjectNode o)) {
      throw new IllegalArgumentException("extension resource: expected a JSON object");
    }
    return new ExtensionResource(o);
  }

  /** The bytes to put in {@code ExtensionResource.unstructured_bytes}. */
  public ByteString toByteString() {
    try {
      return ByteString.copyFrom(JSON.writeValueAsBytes(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String apiVersion() {
    return object.path("apiVersion").asText("");
  }

  /** The API group: {@code example.com} of {@code example.com/v1}; empty for the core group. */
  public String group() {
    String v = apiVersion();
    int slash = v.indexOf('/');
    return slash < 0 ? "" : v.substring(0, slash);
  }

  public String kind() {
    return object.path("kind").asText("");
  }

  public String name() {
    return object.path("metadata").path("name").asText("");
  }

  public String namespace() {
    return object.path("metadata").path("namespace").asText("");
  }

  public boolean is(String group, String kind) {
    return group().equals(group) && kind().equals(kind);
  }

  public JsonNode spec() {
    return object.path("spec");
  }

  /** The spec bound to a class of the team's own; unknown fields are ignored. */
  public <T> T spec(Class<T> type) {
    try {
      return JSON.treeToValue(spec(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          kind() + " " + namespace() + "/" + name() + ": spec does not fit " + type.getSimpleName()
              + ": " + e.getOriginalMessage(), e);
    }
  }
}

package dev.attache.control.resource;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.ObjectMeta;
import java.util.Map;

/**
 * An object of a kind Attaché does not model, kept as its JSON tree: the custom resources that
 * extension servers own (filters named by an HTTPRoute's {@code extensionRef}, policies handed
 * to the extension's translation hook). Its content is the extension's business, so unknown
 * fields are not an error here.
 */
public record UnstructuredObject(ObjectNode content) implements KubernetesObject {
  public UnstructuredObject {
    requireNonNull(content, "content");
    content = content.deepCopy();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static UnstructuredObject fromJson(ObjectNode content) {
    return new UnstructuredObject(content);
  }

  @JsonValue
  @Override
  public ObjectNode content() {
    return content.deepCopy();
  }

  @Override
  public String apiVersion() {
    return content.path("apiVersion").asText("");
  }

  @Override
  public String kind() {
    return content.path("kind").asText("");
  }

  /** The API group (the part of {@code apiVersion} before the slash; empty for the core group). */
  public String group() {
    String v = apiVersion();
    int slash = v.indexOf('/');
    return slash < 0 ? "" : v.substring(0, slash);
  }

  @Override
  public ObjectMeta metadata() {
    JsonNode m = content.path("metadata");
    Map<String, String> labels = stringMap(m.path("labels"));
    return new ObjectMeta(text(m, "name"), null, text(m, "namespace"), null, text(m, "uid"),
        text(m, "resourceVersion"), m.has("generation") ? m.get("generation").asLong() : null,
        null, null, null, labels, stringMap(m.path("annotations")), null, null, null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}

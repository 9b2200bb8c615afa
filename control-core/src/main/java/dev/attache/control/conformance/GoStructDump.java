package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a YAML dump of Go protobuf structs (as upstream's {@code ratelimit-config/*.routes.yaml}
 * are written) into the protobuf JSON shape: oneof wrappers ({@code ActionSpecifier:
 * {GenericKey: …}}) fold into their field, {@code snake_case} and {@code CamelCase} names become
 * {@code lowerCamel}, and wrapper messages ({@code {value: true}}) become their value.
 */
final class GoStructDump {
  private GoStructDump() {}

  static JsonNode toProtoJson(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(toProtoJson(element)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1 && node.has("value") && node.get("value").isValueNode()) {
      return node.get("value");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      // A oneof field (upper-case name) holds a wrapper with its one member (upper-case too).
      if (isUpper(key) && value.isObject() && value.size() == 1
          && isUpper(value.fieldNames().next())) {
        key = value.fieldNames().next();
        value = value.get(key);
      }
      out.set(lowerCamel(key), toProtoJson(value));
    }
    return out;
  }

  private static boolean isUpper(String key) {
    return !key.isEmpty() && Character.isUpperCase(key.charAt(0));
  }

  /**
   * {@code node} without zero numbers and {@code false}: a Go struct dump omits zero values (and
   * prints a zero wrapper as an empty map), so they compare as absent.
   */
  static JsonNode withoutZeroValues(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(withoutZeroValues(element)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode v = field.getValue();
      boolean zero = (v.isNumber() && v.decimalValue().signum() == 0)
          || (v.isBoolean() && !v.booleanValue());
      if (!zero) {
        out.set(field.getKey(), withoutZeroValues(v));
      }
    }
    return out;
  }

  static String lowerCamel(String key) {
    StringBuilder out = new StringBuilder(key.length());
    boolean upperNext = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '_') {
        upperNext = true;
      } else if (out.isEmpty()) {
        out.append(Character.toLowerCase(c));
      } else {
        out.append(upperNext ? Character.toUpperCase(c) : c);
        upperNext = false;
      }
    }
    return out.toString();
  }
}

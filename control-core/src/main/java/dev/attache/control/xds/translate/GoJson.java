package dev.attache.control.xds.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Free-form IR JSON (extension configurations) as the compact text Envoy Gateway hands to
 * extensions: keys in the order the IR reader sorted them, and {@code <}, {@code >}, {@code &}
 * escaped as Go's encoder does.
 */
final class GoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GoJson() {}

  /** The JSON text of {@code node}; empty for no value or null. */
  static String compact(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    try {
      return MAPPER.writeValueAsString(node).replace("<", "\\u003c").replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}

package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares two parsed documents by meaning, as Envoy Gateway's golden tests do: a key whose
 * value is empty ({@code null}, {@code ""}, {@code []}, <code>{}</code>) counts as absent,
 * {@code lastTransitionTime} is ignored, numbers compare by value, and list order matters.
 */
final class TreeDiff {
  private static final int MAX_VALUE_CHARS = 80;

  private TreeDiff() {}

  /** The first path where {@code actual} differs from {@code expected}, or empty when equal. */
  static Optional<String> firstDifference(JsonNode expected, JsonNode actual) {
    return diff("", normalize(expected), normalize(actual));
  }

  /** A copy of {@code node} without empty values and ignored keys; null when it is empty. */
  static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("lastTransitionTime")) {
          continue;
        }
        JsonNode value = normalize(field.getValue());
        if (value != null) {
          out.set(field.getKey(), value);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        JsonNode value = normalize(element);
        // An empty element keeps its place so that list positions still line up.
        out.add(value == null ? JsonNodeFactory.instance.objectNode() : value);
      }
      return out.isEmpty() ? null : out;
    }
    if (node.isTextual() && node.textValue().isEmpty()) {
      return null;
    }
    return node;
  }

  private static Optional<String> diff(String path, JsonNode expected, JsonNode actual) {
    if (expected == null && actual == null) {
      return Optional.empty();
    }
    if (expected == null) {
      return Optional.of(at(path) + ": unexpected " + show(actual));
    }
    if (actual == null) {
      return Optional.of(at(path) + ": missing, expected " + show(expected));
    }
    if (expected.isObject() && actual.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      expected.fieldNames().forEachRemaining(keys::add);
      actual.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        Optional<String> d = diff(path + "." + key, expected.get(key), actual.get(key));
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (expected.isArray() && actual.isArray()) {
      int common = Math.min(expected.size(), actual.size());
      for (int i = 0; i < common; i++) {
        Optional<String> d = diff(path + "[" + i + "]", expected.get(i), actual.get(i));
        if (d.isPresent()) {
          return d;
        }
      }
      if (expected.size() != actual.size()) {
        return Optional.of(at(path) + ": expected " + expected.size() + " elements, got "
            + actual.size() + (expected.size() > actual.size()
                ? "; first missing " + show(expected.get(common))
                : "; first extra " + show(actual.get(common))));
      }
      return Optional.empty();
    }
    if (expected.isValueNode() && actual.isValueNode() && sameScalar(expected, actual)) {
      return Optional.empty();
    }
    return Optional.of(at(path) + ": expected " + show(expected) + ", got " + show(actual));
  }

  private static boolean sameScalar(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isNumber() != actual.isNumber()) {
      // protobuf JSON writes 64-bit integers as strings; YAML may have read them as numbers.
      BigDecimal a = decimal(expected.asText());
      BigDecimal b = decimal(actual.asText());
      return a != null && b != null && a.compareTo(b) == 0;
    }
    return expected.asText().equals(actual.asText()) && expected.isBoolean() == actual.isBoolean();
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "(root)" : path.startsWith(".") ? path.substring(1) : path;
  }

  private static String show(JsonNode node) {
    // JSON text, so a multi-line value stays on its report line.
    String text = node.toString();
    return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…" : text;
  }
}

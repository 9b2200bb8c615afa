package dev.attache.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads one YAML mapping field by field, remembering the path for error messages. Every field a
 * reader does not ask for is an error when {@link #done()} is called, so a typo such as
 * {@code audience:} for {@code audiences:} is rejected instead of silently ignored.
 */
final class Fields {
  private final JsonNode node;
  private final String path;
  private final Set<String> known = new LinkedHashSet<>();

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code node} must be a mapping; {@code path} is its own path ("" for the document root). */
  static Fields of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new FieldException(path, "expected a mapping, got " + describe(node));
    }
    return new Fields(node, path);
  }

  String path() {
    return path;
  }

  String child(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** Marks fields as understood without reading them (upstream fields enforced elsewhere). */
  Fields accept(String... fields) {
    known.addAll(List.of(fields));
    return this;
  }

  JsonNode raw(String field) {
    known.add(field);
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  String string(String field) {
    String v = optString(field);
    if (v == null) {
      throw new FieldException(child(field), "required field is missing");
    }
    return v;
  }

  String nonEmptyString(String field) {
    String v = string(field);
    if (v.isEmpty()) {
      throw new FieldException(child(field), "must not be empty");
    }
    return v;
  }

  String optString(String field) {
    JsonNode v = raw(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new FieldException(child(field), "expected a string, got " + describe(v));
    }
    return v.textValue();
  }

  boolean bool(String field, boolean dflt) {
    JsonNode v = raw(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new FieldException(child(field), "expected true or false, got " + describe(v));
    }
    return v.booleanValue();
  }

  Fields object(String field) {
    Fields f = optObject(field);
    if (f == null) {
      throw new FieldException(child(field), "required field is missing");
    }
    return f;
  }

  Fields optObject(String field) {
    JsonNode v = raw(field);
    return v == null ? null : of(v, child(field));
  }

  List<String> stringList(String field) {
    return list(field, (item, p) -> {
      if (!item.isTextual()) {
        throw new FieldException(p, "expected a string, got " + describe(item));
      }
      return item.textValue();
    });
  }

  List<Fields> objectList(String field) {
    return list(field, Fields::of);
  }

  <T> List<T> list(String field, ItemReader<T> reader) {
    JsonNode v = raw(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new FieldException(child(field), "expected a list, got " + describe(v));
    }
    List<T> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(reader.read(v.get(i), child(field) + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  /** A mapping of strings to strings, such as a Secret's {@code data}. */
  Map<String, String> stringMap(String field, Function<String, String> valueMapper) {
    JsonNode v = raw(field);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new FieldException(child(field), "expected a mapping, got " + describe(v));
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = child(field) + "." + e.getKey();
      if (!e.getValue().isTextual()) {
        throw new FieldException(p, "expected a string, got " + describe(e.getValue()));
      }
      out.put(e.getKey(), valueMapper.apply(e.getValue().textValue()));
    }
    return out;
  }

  /** Rejects every field that was neither read nor accepted. */
  void done() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new FieldException(child(name),
            "unknown field (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNumber()) {
      return "a number";
    }
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  @FunctionalInterface
  interface ItemReader<T> {
    T read(JsonNode item, String path);
  }
}

package dev.attache.control.xds.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Where protobuf JSON breaks its schema, reported as Envoy Gateway's (Go protojson) parser
 * words it: {@code proto: (line 1:COLUMN): unknown field "NAME"}, the column being that of the
 * field's name in the text.
 */
final class ProtoJsonErrors {
  private static final JsonFactory JSON = new JsonFactory();
  /** Types whose JSON is not an object of their fields. */
  private static final Set<String> SPECIAL = Set.of("google.protobuf.Struct",
      "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Duration",
      "google.protobuf.Timestamp", "google.protobuf.FieldMask", "google.protobuf.BoolValue",
      "google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.Int32Value",
      "google.protobuf.Int64Value", "google.protobuf.UInt32Value", "google.protobuf.UInt64Value",
      "google.protobuf.FloatValue", "google.protobuf.DoubleValue");

  private ProtoJsonErrors() {}

  /** The first unknown field of {@code json} read as {@code type}, in Go protojson's words. */
  static Optional<String> unknownField(String json, Descriptor type) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      return object(p, type);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> object(JsonParser p, Descriptor type) throws IOException {
    if (SPECIAL.contains(type.getFullName())) {
      p.skipChildren();
      return Optional.empty();
    }
    boolean any = type.getFullName().equals("google.protobuf.Any");
    Descriptor inner = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      long column = p.currentTokenLocation().getColumnNr();
      long line = p.currentTokenLocation().getLineNr();
      JsonToken value = p.nextToken();
      if (any) {
        if (name.equals("@type")) {
          String url = p.getText();
          inner = ResourceJson.descriptor(url.substring(url.lastIndexOf('/') + 1));
          if (SPECIAL.contains(inner.getFullName())) {
            p.skipChildren();
            inner = null;
            any = false;
            type = com.google.protobuf.Empty.getDescriptor();
            skipRest(p);
            return Optional.empty();
          }
          continue;
        }
        if (inner == null) {
          p.skipChildren();
          continue;
        }
      }
      Descriptor fields = any ? inner : type;
      FieldDescriptor fd = field(fields, name);
      if (fd == null) {
        return Optional.of("proto: (line " + line + ":" + column + "): unknown field \""
            + name + "\"");
      }
      Optional<String> nested = value(p, fd, value);
      if (nested.isPresent()) {
        return nested;
      }
    }
    return Optional.empty();
  }

  private static void skipRest(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      p.nextToken();
      p.skipChildren();
    }
  }

  private static Optional<String> value(JsonParser p, FieldDescriptor fd, JsonToken token)
      throws IOException {
    if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE || token == JsonToken.VALUE_NULL) {
      p.skipChildren();
      return Optional.empty();
    }
    if (fd.isMapField()) {
      FieldDescriptor valueField = fd.getMessageType().findFieldByName("value");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        JsonToken v = p.nextToken();
        Optional<String> nested = value(p, valueField, v);
        if (nested.isPresent()) {
          return nested;
        }
      }
      return Optional.empty();
    }
    if (fd.isRepeated() && token == JsonToken.START_ARRAY) {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT) {
          Optional<String> nested = object(p, fd.getMessageType());
          if (nested.isPresent()) {
            return nested;
          }
        } else {
          p.skipChildren();
        }
      }
      return Optional.empty();
    }
    if (token == JsonToken.START_OBJECT) {
      return object(p, fd.getMessageType());
    }
    p.skipChildren();
    return Optional.empty();
  }

  /**
   * {@code json} (protobuf JSON of {@code type}) with every message's fields in the order the
   * .proto file declares them, as Go's protojson writes them ({@code @type} first in an Any).
   */
  static com.fasterxml.jackson.databind.JsonNode inDeclarationOrder(
      com.fasterxml.jackson.databind.JsonNode json, Descriptor type) {
    if (!(json instanceof com.fasterxml.jackson.databind.node.ObjectNode object)
        || SPECIAL.contains(type.getFullName())) {
      return json;
    }
    Descriptor fields = type;
    var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    if (type.getFullName().equals("google.protobuf.Any")) {
      var url = object.get("@type");
      if (url == null) {
        return json;
      }
      String name = url.asText();
      fields = ResourceJson.descriptor(name.substring(name.lastIndexOf('/') + 1));
      out.set("@type", url);
      if (SPECIAL.contains(fields.getFullName())) {
        object.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        return out;
      }
    }
    java.util.Set<String> done = new java.util.HashSet<>(java.util.List.of("@type"));
    for (FieldDescriptor fd : fields.getFields()) {
      String key = object.has(fd.getName()) ? fd.getName()
          : object.has(fd.getJsonName()) ? fd.getJsonName() : null;
      if (key == null) {
        continue;
      }
      done.add(key);
      var value = object.get(key);
      if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !fd.isMapField()) {
        if (value.isArray()) {
          var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
          value.forEach(v -> array.add(inDeclarationOrder(v, fd.getMessageType())));
          value = array;
        } else {
          value = inDeclarationOrder(value, fd.getMessageType());
        }
      } else if (fd.isMapField() && value.isObject()) {
        FieldDescriptor valueField = fd.getMessageType().findFieldByName("value");
        if (valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          var map = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
          value.properties().forEach(e -> map.set(e.getKey(),
              inDeclarationOrder(e.getValue(), valueField.getMessageType())));
          value = map;
        }
      }
      out.set(key, value);
    }
    object.properties().forEach(e -> {
      if (!done.contains(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor fd = type.findFieldByName(name);
    if (fd != null) {
      return fd;
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}

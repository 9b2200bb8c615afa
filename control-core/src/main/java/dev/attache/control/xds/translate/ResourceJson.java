package dev.attache.control.xds.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envoy resources as protobuf JSON trees (camelCase names, 64-bit integers as strings, {@code @type}
 * on {@code Any}), the form Envoy Gateway's goldens and {@code egctl} print.
 */
public final class ResourceJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, Descriptor> DESCRIPTORS = new ConcurrentHashMap<>();

  private ResourceJson() {}

  /** A JSON array with one element per message. */
  public static ArrayNode toTree(List<? extends Message> messages) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Message message : messages) {
      out.add(toTree(message));
    }
    return out;
  }

  public static JsonNode toTree(Message original) {
    return print(original, false);
  }

  /** The resource as JSON with the proto field names ({@code snake_case}), as patches address it. */
  static JsonNode toProtoNameTree(Message original) {
    return print(original, true);
  }

  /** Reads JSON (proto or JSON field names, {@code @type} on Anys) back into a resource. */
  @SuppressWarnings("unchecked")
  static <T extends Message> T parse(JsonNode json, T prototype) throws InvalidProtocolBufferException {
    TypeRegistry.Builder registry = TypeRegistry.newBuilder();
    for (JsonNode type : json.findValues("@type")) {
      String url = type.asText();
      try {
        registry.add(descriptor(url.substring(url.lastIndexOf('/') + 1)));
      } catch (IllegalStateException e) {
        throw new InvalidProtocolBufferException("unknown type " + url);
      }
    }
    com.google.protobuf.DynamicMessage.Builder builder = com.google.protobuf.DynamicMessage
        .newBuilder(NewerEnvoyFields.extend(prototype.getDescriptorForType()));
    JsonFormat.parser().usingTypeRegistry(registry.build()).merge(json.toString(), builder);
    return (T) prototype.getParserForType().parseFrom(builder.build().toByteString());
  }

  private static JsonNode print(Message original, boolean protoNames) {
    Message message;
    try {
      // Re-read with the extended descriptors so fields newer than v1.34 print by name.
      message = com.google.protobuf.DynamicMessage.parseFrom(
          NewerEnvoyFields.extend(original.getDescriptorForType()), original.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    TypeRegistry.Builder registry = TypeRegistry.newBuilder();
    collectAnyTypes(message, registry);
    try {
      JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(registry.build())
          .omittingInsignificantWhitespace();
      String json = (protoNames ? printer.preservingProtoFieldNames() : printer).print(message);
      return MAPPER.readTree(json);
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** Registers the type of every {@code Any} in {@code message}, however deep. */
  private static void collectAnyTypes(Message message, TypeRegistry.Builder registry) {
    if (message.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
      // Inside a parsed Any, nested Anys are dynamic messages, not Any instances.
      Descriptor anyType = message.getDescriptorForType();
      String url = (String) message.getField(anyType.findFieldByName("type_url"));
      com.google.protobuf.ByteString value =
          (com.google.protobuf.ByteString) message.getField(anyType.findFieldByName("value"));
      if (url.isEmpty()) {
        return; // an empty Any (a placeholder config) has no type to resolve
      }
      String typeName = url.substring(url.lastIndexOf('/') + 1);
      Descriptor descriptor = descriptor(typeName);
      registry.add(descriptor);
      try {
        Message inner = com.google.protobuf.DynamicMessage.parseFrom(descriptor, value);
        collectAnyTypes(inner, registry);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("cannot read Any of " + typeName, e);
      }
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.getKey().isRepeated()) {
        for (Object element : (List<?>) field.getValue()) {
          if (element instanceof Message m) {
            collectAnyTypes(m, registry);
          }
        }
      } else {
        collectAnyTypes((Message) field.getValue(), registry);
      }
    }
  }

  /** The descriptor used for printing: the type with the newer Envoy fields added. */
  static Descriptor descriptor(String fullName) {
    if (NewerEnvoyFields.declares(fullName)) {
      return NewerEnvoyFields.descriptor(fullName);
    }
    return NewerEnvoyFields.extend(originalDescriptor(fullName));
  }

  /** The descriptor of a top-level protobuf type, found from its generated Java class. */
  static Descriptor originalDescriptor(String fullName) {
    return DESCRIPTORS.computeIfAbsent(fullName, name -> {
      for (String candidate : javaClassNames(name)) {
        try {
          Class<?> type = Class.forName(candidate);
          return (Descriptor) type.getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException e) {
          // try the next package convention
        }
      }
      throw new IllegalStateException("unknown protobuf type " + name);
    });
  }

  private static List<String> javaClassNames(String fullName) {
    int dot = fullName.lastIndexOf('.');
    String pkg = fullName.substring(0, dot);
    String simple = fullName.substring(dot + 1);
    return List.of(
        "io.envoyproxy." + fullName,
        "com.github." + fullName,
        "com.google.protobuf." + simple,
        pkg.replace('.', '.') + "." + simple);
  }
}

package dev.attache.control.xds.translate;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks Envoy's own schema makes on the resources we emit (the protoc-gen-validate rules
 * Envoy Gateway runs before it accepts a resource): a resource that breaks them is not served.
 */
final class OutputValidation {
  private OutputValidation() {}

  /** Why {@code resource} is invalid, or empty. */
  static Optional<String> check(Message resource) {
    return nameMissing(resource).or(() -> walk(resource)).map(why -> "validation failed for xds resource "
        + resource.getDescriptorForType().getName() + " " + name(resource) + ": " + why);
  }

  private static String name(Message resource) {
    for (String field : List.of("name", "cluster_name")) {
      FieldDescriptor fd = resource.getDescriptorForType().findFieldByName(field);
      if (fd != null) {
        return "\"" + resource.getField(fd) + "\"";
      }
    }
    return "";
  }

  /** Clusters, listeners and load assignments must be named (min_len 1). */
  private static Optional<String> nameMissing(Message resource) {
    for (String field : List.of("name", "cluster_name")) {
      FieldDescriptor fd = resource.getDescriptorForType().findFieldByName(field);
      if (fd != null && fd.getType() == FieldDescriptor.Type.STRING
          && ((String) resource.getField(fd)).isEmpty()) {
        return Optional.of(field + ": \"\" (expected: at least 1 character)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> walk(Message message) {
    if (message instanceof SocketAddress address) {
      if (address.getAddress().isEmpty()) {
        return Optional.of("socket address: \"\" (expected: an IP address or host name)");
      }
      if (address.getPortValue() > 65535) {
        return Optional.of("port: " + address.getPortValue() + " (expected: <= 65535)");
      }
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        Optional<String> why = walk((Message) value);
        if (why.isPresent()) {
          return why;
        }
      }
    }
    return Optional.empty();
  }
}

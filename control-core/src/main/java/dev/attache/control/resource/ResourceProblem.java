package dev.attache.control.resource;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Why an object (or a whole file) could not be read: the file, the object as
 * {@code Kind namespace/name} (or its position when it has no name), the field path
 * ({@code spec.rules[0].backendRefs[1].weight}, empty when the problem is not in one field) and
 * what was expected. It never quotes field values, so a broken Secret leaks nothing.
 */
public record ResourceProblem(Path file, String object, String field, String message) {
  public ResourceProblem {
    requireNonNull(file, "file");
    requireNonNull(object, "object");
    requireNonNull(field, "field");
    requireNonNull(message, "message");
  }

  /** The message without the file name, as {@code ConfigException} details read. */
  public String detail() {
    StringBuilder b = new StringBuilder();
    if (!object.isEmpty()) {
      b.append(object).append(": ");
    }
    if (!field.isEmpty()) {
      b.append("field ").append(field).append(": ");
    }
    return b.append(message).toString();
  }

  @Override
  public String toString() {
    return file + ": " + detail();
  }
}

package dev.attache.control.resource.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Kubernetes' {@code intstr.IntOrString}: a port or percentage written either as a number or as
 * a string ({@code targetPort: 8080}, {@code targetPort: http}, {@code maxUnavailable: 25%}).
 * Written by hand because its JSON form is a scalar, not an object.
 */
public record IntOrString(Integer intValue, String stringValue) {
  public IntOrString {
    if ((intValue == null) == (stringValue == null)) {
      throw new IllegalArgumentException("exactly one of intValue and stringValue must be set");
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static IntOrString fromJson(Object value) {
    return switch (value) {
      case Integer i -> new IntOrString(i, null);
      case String s -> new IntOrString(null, s);
      default -> throw new IllegalArgumentException(
          "expected a number or a string, got " + value.getClass().getSimpleName());
    };
  }

  public static IntOrString of(int value) {
    return new IntOrString(value, null);
  }

  public static IntOrString of(String value) {
    return new IntOrString(null, value);
  }

  /** The number, when this holds one. */
  public Optional<Integer> asInt() {
    return Optional.ofNullable(intValue);
  }

  @JsonValue
  Object jsonValue() {
    return intValue != null ? intValue : stringValue;
  }

  @Override
  public String toString() {
    return String.valueOf(jsonValue());
  }
}

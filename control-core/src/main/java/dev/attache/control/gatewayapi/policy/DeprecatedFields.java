package dev.attache.control.gatewayapi.policy;

import java.util.Map;
import java.util.TreeMap;

/** The warning a policy using deprecated fields gets: "a is deprecated, use b instead; …", sorted. */
final class DeprecatedFields {
  private DeprecatedFields() {}

  static String message(Map<String, String> deprecated) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(deprecated).entrySet()) {
      if (!b.isEmpty()) {
        b.append("; ");
      }
      b.append(e.getKey()).append(" is deprecated, use ").append(e.getValue()).append(" instead");
    }
    return b.toString();
  }
}

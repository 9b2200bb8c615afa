package dev.attache.control.gatewayapi.policy;

import java.util.ArrayList;
import java.util.List;

/** Errors collected while translating a policy, joined one per line as Go's {@code errors.Join}. */
final class Errors {
  private final List<String> messages = new ArrayList<>();

  void add(String message) {
    if (message != null) {
      messages.add(message);
    }
  }

  /** Adds the error with a prefix, as {@code perr.WithMessage(err, prefix)}. */
  void add(String prefix, PolicyException e) {
    messages.add(prefix + ": " + e.getMessage());
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  String message() {
    return String.join("\n", messages);
  }
}

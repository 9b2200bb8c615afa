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

  /** A translation step that may fail with a {@link PolicyException}. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws PolicyException;
  }

  /** The step's result, or null with its error added under {@code prefix}. */
  <T> T attempt(String prefix, Step<T> step) {
    try {
      return step.run();
    } catch (PolicyException e) {
      add(prefix, e);
      return null;
    }
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  String message() {
    return String.join("\n", messages);
  }
}

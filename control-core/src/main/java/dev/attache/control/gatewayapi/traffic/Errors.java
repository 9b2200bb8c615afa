package dev.attache.control.gatewayapi.traffic;

import java.util.ArrayList;
import java.util.List;

/** Errors collected while translating a policy, joined one per line as Go's {@code errors.Join}. */
public final class Errors {
  private final List<String> messages = new ArrayList<>();

  public void add(String message) {
    if (message != null) {
      messages.add(message);
    }
  }

  /** Adds the error with a prefix, as {@code perr.WithMessage(err, prefix)}. */
  public void add(String prefix, PolicyException e) {
    messages.add(prefix + ": " + e.getMessage());
  }

  /** A translation step that may fail with a {@link PolicyException}. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws PolicyException;
  }

  /** The step's result, or null with its error added under {@code prefix}. */
  public <T> T attempt(String prefix, Step<T> step) {
    try {
      return step.run();
    } catch (PolicyException e) {
      add(prefix, e);
      return null;
    }
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public String message() {
    return String.join("\n", messages);
  }
}

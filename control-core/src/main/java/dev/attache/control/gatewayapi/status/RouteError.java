package dev.attache.control.gatewayapi.status;

import static java.util.Objects.requireNonNull;

/**
 * A problem with a route that its status reports: the message, the condition reason and the
 * condition type it lands on ({@code ResolvedRefs} unless said otherwise), as Envoy Gateway's
 * {@code RouteStatusError}.
 */
public record RouteError(String message, String reason, String type) {
  public RouteError {
    requireNonNull(message, "message");
    requireNonNull(reason, "reason");
    requireNonNull(type, "type");
  }

  public static RouteError of(String message, String reason) {
    return new RouteError(message, reason, RouteConditions.RESOLVED_REFS);
  }

  public RouteError withType(String newType) {
    return new RouteError(message, reason, newType);
  }

  /** The same error with its message prefixed, as Go's {@code fmt.Errorf("…: %w", err)}. */
  public RouteError wrap(String prefix) {
    return new RouteError(prefix + message, reason, type);
  }

  /**
   * A message as a condition shows it: first letter upper case, ending with a full stop
   * (Envoy Gateway's {@code Error2ConditionMsg}).
   */
  public static String conditionMessage(String message) {
    if (message == null || message.isEmpty()) {
      return message == null ? "" : message;
    }
    int first = message.codePointAt(0);
    String out = Character.isLetter(first)
        ? new StringBuilder().appendCodePoint(Character.toUpperCase(first))
            .append(message.substring(Character.charCount(first))).toString()
        : message;
    return out.endsWith(".") ? out : out + ".";
  }
}

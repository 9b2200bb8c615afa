package dev.attache.control.gatewayapi.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Route errors grouped by the condition type they land on, as Envoy Gateway's
 * {@code TypedErrorCollector}: several errors of one type become one condition whose message
 * joins theirs (one per line) and whose reason joins their distinct reasons (sorted, by commas).
 * Types keep the order they were first seen in.
 */
public final class RouteErrors {
  private final Map<String, List<RouteError>> byType = new LinkedHashMap<>();

  public void add(RouteError error) {
    if (error != null) {
      byType.computeIfAbsent(error.type(), t -> new ArrayList<>()).add(error);
    }
  }

  public boolean isEmpty() {
    return byType.isEmpty();
  }

  /** One error per condition type. */
  public List<RouteError> all() {
    List<RouteError> out = new ArrayList<>(byType.size());
    for (Map.Entry<String, List<RouteError>> e : byType.entrySet()) {
      out.add(combine(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** Errors of one kind joined as Envoy Gateway's {@code MultiStatusError} joins them. */
  public static RouteError combine(String type, List<RouteError> errors) {
    String message;
    if (errors.size() == 1) {
      message = errors.getFirst().message();
    } else {
      StringBuilder b = new StringBuilder(RouteError.conditionMessage(errors.getFirst().message()));
      for (RouteError e : errors.subList(1, errors.size())) {
        b.append('\n').append(RouteError.conditionMessage(e.message()));
      }
      message = b.toString();
    }
    TreeSet<String> reasons = new TreeSet<>();
    for (RouteError e : errors) {
      if (!e.reason().isEmpty()) {
        reasons.add(e.reason());
      }
    }
    return new RouteError(message, String.join(",", reasons), type);
  }

  /**
   * The reason an error shows on an {@code Accepted} condition: the listener-matching reasons
   * and {@code UnsupportedValue} as they are, anything else as {@code UnsupportedValue}.
   */
  public static String toAcceptedReason(String reason) {
    return switch (reason) {
      case RouteConditions.REASON_NOT_ALLOWED_BY_LISTENERS, RouteConditions.REASON_NO_MATCHING_LISTENER_HOSTNAME,
          RouteConditions.REASON_NO_MATCHING_PARENT, RouteConditions.REASON_UNSUPPORTED_VALUE -> reason;
      default -> RouteConditions.REASON_UNSUPPORTED_VALUE;
    };
  }
}

package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.meta.LabelSelector;
import dev.attache.control.resource.meta.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Kubernetes label selectors: {@code matchLabels} and {@code matchExpressions} (In, NotIn,
 * Exists, DoesNotExist), with the validation and messages of apimachinery's
 * {@code LabelSelectorAsSelector}.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** A selector that is invalid, with the reason apimachinery gives. */
  public static final class InvalidSelectorException extends Exception {
    public InvalidSelectorException(String message) {
      super(message);
    }
  }

  /** The selector as a predicate over labels; a null or empty selector matches everything. */
  public static Predicate<Map<String, String>> compile(LabelSelector selector) throws InvalidSelectorException {
    if (selector == null) {
      return labels -> true;
    }
    List<Predicate<Map<String, String>>> parts = new ArrayList<>();
    if (selector.matchLabels() != null) {
      for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
        String key = e.getKey();
        String value = e.getValue();
        parts.add(labels -> value.equals(labels.get(key)));
      }
    }
    if (selector.matchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.matchExpressions()) {
        parts.add(requirement(r));
      }
    }
    return labels -> {
      for (Predicate<Map<String, String>> p : parts) {
        if (!p.test(labels)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<Map<String, String>> requirement(LabelSelectorRequirement r)
      throws InvalidSelectorException {
    String key = r.key();
    List<String> values = r.values() == null ? List.of() : List.copyOf(r.values());
    String op = r.operator() == null ? "" : r.operator();
    return switch (op) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          throw new InvalidSelectorException(
              "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
        }
        boolean in = op.equals("In");
        yield labels -> labels.containsKey(key) ? values.contains(labels.get(key)) == in : !in;
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          throw new InvalidSelectorException("values: Invalid value: " + quoted(values)
              + ": values set must be empty for exists and does not exist");
        }
        boolean exists = op.equals("Exists");
        yield labels -> labels.containsKey(key) == exists;
      }
      default -> throw new InvalidSelectorException("\"" + op + "\" is not a valid label selector operator");
    };
  }

  private static String quoted(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(values.get(i)).append('"');
    }
    return b.append(']').toString();
  }
}

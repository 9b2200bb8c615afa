package dev.attache.control.gatewayapi.status;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.meta.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of one status (a Gateway, a listener, a route parent, a policy ancestor) while
 * a translation computes them. As Envoy Gateway's {@code MergeConditions}: a condition of a type
 * already present replaces it in place, a new type is appended, and messages longer than 32 KiB
 * are truncated.
 */
public final class Conditions {
  /** The longest condition message kept whole (Kubernetes allows 32768 characters). */
  public static final int MAX_MESSAGE = 32768;
  private static final String TRUNCATED = " (message truncated).";

  private final List<Condition> conditions;

  public Conditions() {
    this.conditions = new ArrayList<>();
  }

  /** Conditions starting from those an object already carries (null means none). */
  public Conditions(List<Condition> existing) {
    this.conditions = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
  }

  /** Sets a condition of {@code type}: replaces one of the same type, or appends. */
  public void set(String type, boolean status, String reason, String message, long generation) {
    set(type, status ? ConditionStatus.TRUE : ConditionStatus.FALSE, reason, message, generation);
  }

  public void set(String type, String status, String reason, String message, long generation) {
    requireNonNull(type, "type");
    Condition update = new Condition(type, status, generation == 0 ? null : generation, null, reason,
        truncate(message));
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).type().equals(type)) {
        conditions.set(i, update);
        return;
      }
    }
    conditions.add(update);
  }

  /** Whether a condition of {@code type} has {@code status} ("True" or "False"). */
  public boolean has(String type, String status) {
    for (Condition c : conditions) {
      if (c.type().equals(type) && status.equals(c.status())) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return conditions.isEmpty();
  }

  public int size() {
    return conditions.size();
  }

  public Condition get(int index) {
    return conditions.get(index);
  }

  public void clear() {
    conditions.clear();
  }

  /** A snapshot for the object's status; null when there are none. */
  public List<Condition> toList() {
    return conditions.isEmpty() ? null : List.copyOf(conditions);
  }

  public List<Condition> view() {
    return java.util.Collections.unmodifiableList(conditions);
  }

  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - TRUNCATED.length()) + TRUNCATED;
  }

  /** Condition status values. */
  public static final class ConditionStatus {
    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private ConditionStatus() {}
  }
}

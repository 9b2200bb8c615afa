package dev.attache.control.gatewayapi.status;

import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.PolicyAncestorStatus;
import dev.attache.control.resource.gatewayapi.PolicyStatus;
import dev.attache.control.resource.meta.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status of a policy (one entry per ancestor it applies through) while a translation
 * computes it, with Envoy Gateway's rules: conditions merge per type, an ancestor is added on
 * first use, warnings combine, and the list is bounded.
 */
public final class PolicyStatusBuilder {
  private static final int MAX_ANCESTORS = 16;

  private final List<Entry> entries = new ArrayList<>();
  private final long generation;
  private boolean touched;

  private static final class Entry {
    final ParentReference ancestorRef;
    final String controllerName;
    final Conditions conditions;

    Entry(ParentReference ancestorRef, String controllerName, List<Condition> existing) {
      this.ancestorRef = ancestorRef;
      this.controllerName = controllerName;
      this.conditions = new Conditions(existing);
    }
  }

  public PolicyStatusBuilder(PolicyStatus existing, long generation) {
    this.generation = generation;
    if (existing != null && existing.ancestors() != null) {
      for (PolicyAncestorStatus a : existing.ancestors()) {
        entries.add(new Entry(a.ancestorRef(), a.controllerName(), a.conditions()));
      }
    }
  }

  public boolean touched() {
    return touched;
  }

  /** The ancestor references already in the status, in order. */
  public List<ParentReference> ancestors() {
    return entries.stream().map(e -> e.ancestorRef).toList();
  }

  public void set(ParentReference ancestor, String controller, String type, boolean status, String reason, String message) {
    touched = true;
    String msg = Conditions.truncate(message);
    for (Entry e : entries) {
      if (Objects.equals(e.controllerName, controller) && sameAncestor(e.ancestorRef, ancestor)) {
        e.conditions.set(type, status, reason, msg, generation);
        return;
      }
    }
    Entry e = new Entry(ancestor, controller, null);
    e.conditions.set(type, status, reason, msg, generation);
    entries.add(e);
    bound();
  }

  public void setAll(List<ParentReference> ancestors, String controller, String type, boolean status, String reason,
      String message) {
    for (ParentReference a : ancestors) {
      set(a, controller, type, status, reason, message);
    }
  }

  /** {@code Accepted=True} on the ancestor, unless it already has an Accepted condition. */
  public void accept(ParentReference ancestor, String controller) {
    for (Entry e : entries) {
      if (Objects.equals(e.controllerName, controller) && sameAncestor(e.ancestorRef, ancestor)) {
        for (Condition c : e.conditions.view()) {
          if (c.type().equals("Accepted")) {
            return;
          }
        }
      }
    }
    set(ancestor, controller, "Accepted", true, "Accepted", "Policy has been accepted.");
  }

  public void acceptAll(List<ParentReference> ancestors, String controller) {
    for (ParentReference a : ancestors) {
      accept(a, controller);
    }
  }

  /** Adds a warning, combining it with one already present (Envoy Gateway's SetWarningForPolicyAncestor). */
  public void warn(ParentReference ancestor, String controller, String reason, String message) {
    if (message == null || message.isEmpty()) {
      return;
    }
    Condition existing = null;
    for (Entry e : entries) {
      if (Objects.equals(e.controllerName, controller) && sameAncestor(e.ancestorRef, ancestor)) {
        for (Condition c : e.conditions.view()) {
          if (c.type().equals("Warning")) {
            existing = c;
          }
        }
      }
    }
    if (existing == null) {
      set(ancestor, controller, "Warning", true, reason, message);
      return;
    }
    String combinedMessage = mergeWarnings(existing.message(), message);
    String combinedReason;
    if (existing.reason() == null || existing.reason().isEmpty() || existing.reason().equals(reason)) {
      combinedReason = reason;
    } else {
      combinedReason = "Warnings";
    }
    set(ancestor, controller, "Warning", true, combinedReason, combinedMessage);
  }

  private static String mergeWarnings(String existing, String next) {
    if (existing == null || existing.isEmpty()) {
      return next;
    }
    if (existing.equals(next) || existing.contains(next)) {
      return existing;
    }
    if (next.contains(existing)) {
      return next;
    }
    return existing + "; " + next;
  }

  /** Whether any ancestor has {@code type} with {@code status}. */
  public boolean has(ParentReference ancestor, String type, String status) {
    for (Entry e : entries) {
      if (sameAncestor(e.ancestorRef, ancestor) && e.conditions.has(type, status)) {
        return true;
      }
    }
    return false;
  }

  private void bound() {
    if (entries.size() <= MAX_ANCESTORS + 1) {
      return;
    }
    int worst = 0;
    for (int i = 1; i < entries.size(); i++) {
      if (less(entries.get(worst), entries.get(i))) {
        worst = i;
      }
    }
    entries.remove(worst);
  }

  /**
   * Cuts the list to the 16 ancestors that matter most (not accepted first, then overridden, then
   * by namespace and name) and marks the last one {@code Aggregated}, when there are more.
   */
  public void truncate(String controller) {
    if (entries.size() <= MAX_ANCESTORS) {
      return;
    }
    entries.sort((a, b) -> less(a, b) ? -1 : less(b, a) ? 1 : 0);
    entries.subList(MAX_ANCESTORS, entries.size()).clear();
    set(entries.get(MAX_ANCESTORS - 1).ancestorRef, controller, "Aggregated", true, "Aggregated",
        "Ancestors have been truncated because the number of policy ancestors exceeds 16.");
  }

  private static boolean less(Entry a, Entry b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return ra < rb;
    }
    String na = a.ancestorRef.namespace() == null ? "" : a.ancestorRef.namespace();
    String nb = b.ancestorRef.namespace() == null ? "" : b.ancestorRef.namespace();
    if (!na.equals(nb)) {
      return na.compareTo(nb) < 0;
    }
    return a.ancestorRef.name().compareTo(b.ancestorRef.name()) < 0;
  }

  private static int rank(Entry e) {
    if (e.conditions.has("Accepted", "False")) {
      return 0;
    }
    if (e.conditions.has("Overridden", "True")) {
      return 1;
    }
    return 2;
  }

  /** Ancestor references compare by group, kind, namespace, name and section (Envoy Gateway's ancestorRefsEqual). */
  public static boolean sameAncestor(ParentReference a, ParentReference b) {
    return Objects.equals(a.name(), b.name()) && Objects.equals(a.group(), b.group())
        && Objects.equals(a.kind(), b.kind()) && Objects.equals(a.namespace(), b.namespace())
        && Objects.equals(a.sectionName(), b.sectionName());
  }

  /** The status, or null when there are no ancestors. */
  public PolicyStatus build() {
    if (entries.isEmpty()) {
      return touched ? new PolicyStatus(List.of()) : null;
    }
    List<PolicyAncestorStatus> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(new PolicyAncestorStatus(e.ancestorRef, e.controllerName, e.conditions.toList()));
    }
    return new PolicyStatus(out);
  }
}

package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.gatewayapi.ListenerEntryStatus;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import dev.attache.control.resource.gatewayapi.ListenerSetStatus;
import java.util.ArrayList;
import java.util.List;

/** A ListenerSet during a translation: its status and the listeners it adds to a Gateway. */
public final class ListenerSetContext {
  private final ListenerSet listenerSet;
  public final Conditions conditions;
  public final List<ListenerContext> listeners = new ArrayList<>();
  private boolean touched;

  public ListenerSetContext(ListenerSet listenerSet) {
    this.listenerSet = requireNonNull(listenerSet, "listenerSet");
    this.conditions = new Conditions(listenerSet.status() == null ? null : listenerSet.status().conditions());
  }

  public ListenerSet listenerSet() {
    return listenerSet;
  }

  public String namespace() {
    return listenerSet.namespace();
  }

  public String name() {
    return listenerSet.name();
  }

  public long generation() {
    return listenerSet.metadata() == null || listenerSet.metadata().generation() == null
        ? 0 : listenerSet.metadata().generation();
  }

  /** Whether the translation attached or rejected it (an untouched ListenerSet keeps its status). */
  public boolean touched() {
    return touched;
  }

  public void touch() {
    touched = true;
  }

  public void setCondition(String type, boolean status, String reason, String message) {
    touched = true;
    conditions.set(type, status, reason, message, generation());
  }

  /** The ListenerSet with the status this translation computed (unchanged when untouched). */
  public ListenerSet withStatus() {
    if (!touched) {
      return listenerSet;
    }
    List<ListenerEntryStatus> entries = new ArrayList<>();
    for (ListenerContext l : listeners) {
      entries.add(l.state().toListenerSetStatus());
    }
    return new ListenerSet(listenerSet.apiVersion(), listenerSet.kind(), listenerSet.metadata(),
        listenerSet.spec(), new ListenerSetStatus(conditions.toList(), entries.isEmpty() ? null : entries));
  }
}

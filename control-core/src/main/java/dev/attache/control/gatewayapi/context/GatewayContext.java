package dev.attache.control.gatewayapi.context;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.envoygateway.BackendTLSConfig;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.GatewayStatus;
import dev.attache.control.resource.gatewayapi.Listener;
import dev.attache.control.resource.gatewayapi.ListenerStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gateway during a translation: its listeners, the EnvoyProxy configuration that applies to
 * it, and its status (Envoy Gateway's {@code GatewayContext}). The Gateway's existing conditions
 * are kept and merged into; listener statuses are recomputed from the spec.
 */
public final class GatewayContext {
  private final Gateway gateway;
  private final Conditions conditions;
  private final List<ListenerContext> listeners = new ArrayList<>();
  private boolean listenersReset;
  private final EnvoyProxy envoyProxy;
  private final boolean envoyProxyFromGateway;
  /** The backend TLS client certificate from {@code spec.tls.backend}, once validated. */
  public BackendTLSConfig backendTls;
  private Integer attachedListenerSets;

  /**
   * @param envoyProxy the EnvoyProxy configuration that applies (merged from the defaults, the
   *     GatewayClass's and the Gateway's own), or null
   * @param envoyProxyFromGateway whether the Gateway names an EnvoyProxy of its own
   */
  public GatewayContext(Gateway gateway, EnvoyProxy envoyProxy, boolean envoyProxyFromGateway) {
    this.gateway = requireNonNull(gateway, "gateway");
    this.conditions = new Conditions(gateway.status() == null ? null : gateway.status().conditions());
    this.envoyProxy = envoyProxy;
    this.envoyProxyFromGateway = envoyProxyFromGateway;
  }

  /** The EnvoyProxy configuration that applies to the Gateway, or null. */
  public EnvoyProxy envoyProxy() {
    return envoyProxy;
  }

  /** Whether the Gateway names an EnvoyProxy of its own ({@code infrastructure.parametersRef}). */
  public boolean envoyProxyFromGateway() {
    return envoyProxyFromGateway;
  }

  public Gateway gateway() {
    return gateway;
  }

  public String namespace() {
    return gateway.namespace();
  }

  public String name() {
    return gateway.name();
  }

  public long generation() {
    return gateway.metadata() == null || gateway.metadata().generation() == null
        ? 0 : gateway.metadata().generation();
  }

  public String gatewayClassName() {
    return gateway.spec() == null || gateway.spec().gatewayClassName() == null
        ? "" : gateway.spec().gatewayClassName();
  }

  /** The listeners: the Gateway's own first, then those of attached ListenerSets. */
  public List<ListenerContext> listeners() {
    return listeners;
  }

  /** Starts the listener statuses afresh from the spec (an accepted Gateway). */
  public void resetListeners() {
    listenersReset = true;
    attachedListenerSets = null;
    listeners.clear();
    List<Listener> spec = gateway.spec() == null || gateway.spec().listeners() == null
        ? List.of() : gateway.spec().listeners();
    for (Listener l : spec) {
      listeners.add(new ListenerContext(l, this, null));
    }
  }

  public void addListenerSetListener(ListenerContext listener) {
    listeners.add(listener);
  }

  public void increaseAttachedListenerSets() {
    attachedListenerSets = attachedListenerSets == null ? 1 : attachedListenerSets + 1;
  }

  /** Whether the Gateway carries {@code Accepted=False}. */
  public boolean notAccepted() {
    return conditions.has("Accepted", "False");
  }

  public void setCondition(String type, boolean status, String reason, String message) {
    conditions.set(type, status, reason, message, generation());
  }

  /** The Gateway with the status this translation computed. */
  public Gateway withStatus() {
    GatewayStatus old = gateway.status();
    List<ListenerStatus> listenerStatuses;
    Integer attached;
    if (listenersReset) {
      listenerStatuses = new ArrayList<>();
      for (ListenerContext l : listeners) {
        if (!l.isFromListenerSet()) {
          listenerStatuses.add(l.state().toGatewayStatus());
        }
      }
      attached = attachedListenerSets;
    } else {
      listenerStatuses = old == null ? null : old.listeners();
      attached = old == null ? null : old.attachedListenerSets();
    }
    GatewayStatus status = new GatewayStatus(old == null ? null : old.addresses(), conditions.toList(),
        listenerStatuses == null || listenerStatuses.isEmpty() ? null : listenerStatuses, attached);
    return new Gateway(gateway.apiVersion(), gateway.kind(), gateway.metadata(), gateway.spec(), status);
  }
}

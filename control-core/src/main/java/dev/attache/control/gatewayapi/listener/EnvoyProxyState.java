package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.EnvoyProxyAncestorStatus;
import dev.attache.control.resource.envoygateway.EnvoyProxyStatus;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The status of an EnvoyProxy while a translation computes it: one entry per ancestor. */
final class EnvoyProxyState {
  private final EnvoyProxy proxy;
  private final List<ParentReference> ancestors = new ArrayList<>();
  private final List<Conditions> conditions = new ArrayList<>();

  EnvoyProxyState(EnvoyProxy proxy) {
    this.proxy = proxy;
    if (proxy.status() != null && proxy.status().ancestors() != null) {
      for (EnvoyProxyAncestorStatus a : proxy.status().ancestors()) {
        ancestors.add(a.ancestorRef());
        conditions.add(new Conditions(a.conditions()));
      }
    }
  }

  /**
   * Marks the proxy accepted for {@code ancestor}, with a warning naming the deprecated fields it
   * uses.
   */
  void accepted(ParentReference ancestor) {
    set(ancestor, "Accepted", true, "Accepted", "EnvoyProxy has been accepted.");
    if (proxy.spec() != null && proxy.spec().luaValidation() != null) {
      set(ancestor, "Warning", true, "DeprecatedField",
          "spec.luaValidation is deprecated, use spec.lua.validationType instead");
    }
  }

  /** Sets a condition on the entry of {@code ancestor}, adding the entry when missing. */
  void set(ParentReference ancestor, String type, boolean status, String reason, String message) {
    long generation = proxy.metadata() == null || proxy.metadata().generation() == null
        ? 0 : proxy.metadata().generation();
    for (int i = 0; i < ancestors.size(); i++) {
      if (sameAncestor(ancestors.get(i), ancestor)) {
        conditions.get(i).set(type, status, reason, message, generation);
        return;
      }
    }
    Conditions c = new Conditions();
    c.set(type, status, reason, message, generation);
    ancestors.add(ancestor);
    conditions.add(c);
  }

  private static boolean sameAncestor(ParentReference a, ParentReference b) {
    return Objects.equals(a.group(), b.group()) && Objects.equals(a.kind(), b.kind())
        && Objects.equals(a.namespace(), b.namespace()) && Objects.equals(a.name(), b.name())
        && Objects.equals(a.sectionName(), b.sectionName()) && Objects.equals(a.port(), b.port());
  }

  EnvoyProxy withStatus() {
    List<EnvoyProxyAncestorStatus> out = new ArrayList<>();
    for (int i = 0; i < ancestors.size(); i++) {
      out.add(new EnvoyProxyAncestorStatus(conditions.get(i).toList(), ancestors.get(i)));
    }
    return new EnvoyProxy(proxy.apiVersion(), proxy.kind(), proxy.metadata(), proxy.spec(),
        new EnvoyProxyStatus(out.isEmpty() ? null : out));
  }
}

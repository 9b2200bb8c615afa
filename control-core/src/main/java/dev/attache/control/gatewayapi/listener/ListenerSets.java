package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.LabelSelectors;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.ListenerSetContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.gatewayapi.Listener;
import dev.attache.control.resource.gatewayapi.ListenerEntry;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ListenerSets: listeners added to a Gateway from another object (possibly in another
 * namespace, when the Gateway's {@code allowedListeners} lets it). Their listeners join the
 * Gateway's before listeners are validated; once they are, each ListenerSet is accepted when any
 * of its listeners is, and counted on the Gateway. As Envoy Gateway's {@code ProcessListenerSets}
 * and {@code ProcessListenerSetStatus}.
 */
final class ListenerSets {
  private final TranslationContext ctx;
  private final List<GatewayContext> accepted;
  private final List<ListenerSetContext> listenerSets = new ArrayList<>();

  ListenerSets(TranslationContext ctx, List<GatewayContext> accepted) {
    this.ctx = ctx;
    this.accepted = accepted;
  }

  private Map<String, GatewayContext> gateways() {
    Map<String, GatewayContext> out = new HashMap<>();
    for (GatewayContext g : accepted) {
      out.put(g.namespace() + "/" + g.name(), g);
    }
    return out;
  }

  private static String parentNamespace(ListenerSet ls) {
    var p = ls.spec() == null ? null : ls.spec().parentRef();
    return p == null || p.namespace() == null ? ls.namespace() : p.namespace();
  }

  private static String parentName(ListenerSet ls) {
    var p = ls.spec() == null ? null : ls.spec().parentRef();
    return p == null || p.name() == null ? "" : p.name();
  }

  /** Attaches each ListenerSet's listeners to its Gateway, or rejects it. */
  void attach() {
    Map<String, GatewayContext> gateways = gateways();
    for (ListenerSet ls : ctx.resources.listenerSets()) {
      ListenerSetContext lsCtx = new ListenerSetContext(ls);
      listenerSets.add(lsCtx);
      String ns = parentNamespace(ls);
      GatewayContext gateway = gateways.get(ns + "/" + parentName(ls));
      if (gateway == null) {
        continue;
      }
      if (gateway.notAccepted()) {
        lsCtx.setCondition("Accepted", false, "ParentNotAccepted",
            "Parent Gateway " + ns + "/" + parentName(ls) + " not accepted");
        lsCtx.setCondition("Programmed", false, "Programmed", "Not Programmed");
        continue;
      }
      if (!allowed(gateway.gateway(), ls)) {
        lsCtx.setCondition("Accepted", false, "NotAllowed", "ListenerSet attachment from namespace " + ls.namespace()
            + " not allowed by Gateway " + gateway.namespace() + "/" + gateway.name());
        lsCtx.setCondition("Programmed", false, "NotAllowed", "Not Programmed");
        continue;
      }
      lsCtx.touch();
      if (ls.spec().listeners() != null) {
        for (ListenerEntry e : ls.spec().listeners()) {
          Listener listener = new Listener(e.name(), e.hostname(), e.port(), e.protocol(), e.tls(), e.allowedRoutes());
          ListenerContext l = new ListenerContext(listener, gateway, lsCtx);
          lsCtx.listeners.add(l);
          gateway.addListenerSetListener(l);
        }
      }
    }
  }

  /** Sets each attached ListenerSet's conditions from its listeners'; every ListenerSet. */
  List<ListenerSetContext> status() {
    Map<String, GatewayContext> gateways = gateways();
    for (ListenerSetContext ls : listenerSets) {
      if (ls.conditions.has("Accepted", "False") || !ls.touched()) {
        continue;
      }
      boolean allAccepted = true;
      boolean anyAccepted = false;
      boolean allProgrammed = true;
      boolean anyProgrammed = false;
      for (ListenerContext l : ls.listeners) {
        boolean accepted = l.state().conditions.has("Accepted", "True");
        boolean programmed = l.state().conditions.has("Programmed", "True");
        anyAccepted |= accepted;
        allAccepted &= accepted;
        anyProgrammed |= programmed;
        allProgrammed &= programmed;
      }
      if (allAccepted) {
        ls.setCondition("Accepted", true, "Accepted", "All listeners are accepted");
      } else if (anyAccepted) {
        ls.setCondition("Accepted", true, "ListenersNotValid", "Some listeners are invalid");
      } else {
        ls.setCondition("Accepted", false, "ListenersNotValid", "No listeners are accepted");
      }
      if (allProgrammed) {
        ls.setCondition("Programmed", true, "Programmed", "All listeners are programmed");
      } else if (anyProgrammed) {
        ls.setCondition("Programmed", true, "Programmed", "Some listeners are not programmed");
      } else {
        ls.setCondition("Programmed", false, "ListenersNotValid", "No listeners are programmed");
      }
      if (allAccepted || anyAccepted) {
        ListenerSet set = ls.listenerSet();
        GatewayContext g = gateways.get(parentNamespace(set) + "/" + parentName(set));
        if (g != null) {
          g.increaseAttachedListenerSets();
        }
      }
    }
    return List.copyOf(listenerSets);
  }

  private boolean allowed(Gateway gateway, ListenerSet ls) {
    var allowed = gateway.spec() == null ? null : gateway.spec().allowedListeners();
    if (allowed == null || allowed.namespaces() == null || allowed.namespaces().from() == null) {
      return false;
    }
    switch (allowed.namespaces().from()) {
      case "All" -> {
        return true;
      }
      case "Same" -> {
        return gateway.namespace().equals(ls.namespace());
      }
      case "Selector" -> {
        if (allowed.namespaces().selector() == null) {
          return false;
        }
        Namespace ns = ctx.index.namespace(ls.namespace());
        if (ns == null) {
          return false;
        }
        try {
          return LabelSelectors.compile(allowed.namespaces().selector())
              .test(ns.metadata() == null || ns.metadata().labels() == null ? Map.of() : ns.metadata().labels());
        } catch (LabelSelectors.InvalidSelectorException e) {
          return false;
        }
      }
      default -> {
        return false;
      }
    }
  }
}

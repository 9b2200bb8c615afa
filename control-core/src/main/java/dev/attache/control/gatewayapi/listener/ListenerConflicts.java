package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.status.ListenerConditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conflicts between listeners that passed their own validation: incompatible protocols on one
 * port, a hostname used twice on one port, more than one TCP (or UDP) listener on a port, and,
 * with merged gateways, the same port, protocol and hostname twice. Gateway listeners win over
 * ListenerSet listeners; among ListenerSet listeners the first wins. As Envoy Gateway's
 * {@code validateConflicted*Listeners}.
 */
final class ListenerConflicts {
  private final ListenerFacts.Table facts;

  private ListenerConflicts(ListenerFacts.Table facts) {
    this.facts = facts;
  }

  static void check(List<GatewayContext> gateways, boolean mergeGateways, ListenerFacts.Table facts) {
    new ListenerConflicts(facts).check(gateways, mergeGateways);
  }

  private void check(List<GatewayContext> gateways, boolean mergeGateways) {
    protocols(gateways, mergeGateways);
    hostnames(gateways);
    layer4(gateways, "TCP");
    layer4(gateways, "UDP");
    if (mergeGateways) {
      merged(gateways);
    }
  }

  private void setConflicted(ListenerContext l, String reason, String message) {
    l.setCondition(ListenerConditions.CONFLICTED, true, reason, message);
    if (l.isFromListenerSet()) {
      l.setCondition(ListenerConditions.ACCEPTED, false, reason, message);
      l.setCondition(ListenerConditions.PROGRAMMED, false, reason, message);
    }
    if (reason.equals(ListenerConditions.REASON_PROTOCOL_CONFLICT)) {
      facts.of(l).protocolConflicted = true;
    }
  }

  static String displayName(ListenerContext l) {
    if (l.isFromListenerSet()) {
      return l.listenerSet().namespace() + "/" + l.listenerSet().name() + "/" + l.name();
    }
    return l.gateway().namespace() + "/" + l.gateway().name() + "/" + l.name();
  }

  private static String protocolGroup(ListenerContext l) {
    return switch (l.protocol()) {
      case "HTTPS", "TLS" -> "https/tls";
      default -> l.protocol();
    };
  }

  private static String lsKey(ListenerContext l) {
    return l.listenerSet().namespace() + "/" + l.listenerSet().name();
  }

  private void protocols(List<GatewayContext> gateways, boolean mergeGateways) {
    for (GatewayContext g : gateways) {
      protocolsByPort(g.listeners());
    }
    if (mergeGateways) {
      List<ListenerContext> all = new ArrayList<>();
      gateways.forEach(g -> all.addAll(g.listeners()));
      protocolsByPort(all);
    }
  }

  private void protocolsByPort(List<ListenerContext> listeners) {
    Map<Integer, List<ListenerContext>> byPort = new LinkedHashMap<>();
    for (ListenerContext l : listeners) {
      if (!ListenerValidation.validForConflictChecks(l, facts.of(l)) || !ListenerValidation.isSupportedProtocol(l.protocol())) {
        continue;
      }
      byPort.computeIfAbsent(l.port(), p -> new ArrayList<>()).add(l);
    }
    for (List<ListenerContext> onPort : byPort.values()) {
      Set<String> nonUdp = new HashSet<>();
      Set<String> gatewayProtocols = new LinkedHashSet<>();
      Set<String> lsConflicts = new HashSet<>();
      Map<String, Set<String>> lsProtocols = new HashMap<>();
      for (ListenerContext l : onPort) {
        String p = protocolGroup(l);
        if (p.equals("UDP")) {
          continue;
        }
        nonUdp.add(p);
        if (!l.isFromListenerSet()) {
          gatewayProtocols.add(p);
        } else {
          Set<String> ps = lsProtocols.computeIfAbsent(lsKey(l), k -> new HashSet<>());
          ps.add(p);
          if (ps.size() > 1) {
            lsConflicts.add(lsKey(l));
          }
        }
      }
      if (nonUdp.size() <= 1) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (ListenerContext l : onPort) {
        if (!protocolGroup(l).equals("UDP")) {
          names.add(displayName(l));
        }
      }
      names.sort(null);
      String message = "All listeners for a given port must use a compatible protocol, conflicting listeners: "
          + String.join(", ", names);
      if (gatewayProtocols.size() > 1) {
        for (ListenerContext l : onPort) {
          if (!protocolGroup(l).equals("UDP")) {
            setConflicted(l, ListenerConditions.REASON_PROTOCOL_CONFLICT, message);
          }
        }
        continue;
      }
      String winner = gatewayProtocols.size() == 1 ? gatewayProtocols.iterator().next() : null;
      for (ListenerContext l : onPort) {
        String p = protocolGroup(l);
        if (p.equals("UDP")) {
          continue;
        }
        if (l.isFromListenerSet() && gatewayProtocols.isEmpty() && lsConflicts.contains(lsKey(l))) {
          setConflicted(l, ListenerConditions.REASON_PROTOCOL_CONFLICT, message);
          continue;
        }
        if (winner != null) {
          if (!p.equals(winner)) {
            setConflicted(l, ListenerConditions.REASON_PROTOCOL_CONFLICT, message);
          }
        } else {
          winner = p;
        }
      }
    }
  }

  private static String hostnameOf(ListenerContext l) {
    return l.hostname() == null ? "" : l.hostname();
  }

  private void hostnames(List<GatewayContext> gateways) {
    for (GatewayContext g : gateways) {
      Map<Integer, List<ListenerContext>> byPort = new LinkedHashMap<>();
      Map<Integer, Map<String, Integer>> counts = new HashMap<>();
      for (ListenerContext l : g.listeners()) {
        if (l.protocol().equals("UDP") || l.protocol().equals("TCP")) {
          continue;
        }
        if (!ListenerValidation.validForConflictChecks(l, facts.of(l)) || facts.of(l).protocolConflicted) {
          continue;
        }
        byPort.computeIfAbsent(l.port(), p -> new ArrayList<>()).add(l);
        counts.computeIfAbsent(l.port(), p -> new HashMap<>()).merge(hostnameOf(l), 1, Integer::sum);
      }
      for (Map.Entry<Integer, List<ListenerContext>> e : byPort.entrySet()) {
        List<ListenerContext> listeners = e.getValue();
        Map<String, Integer> hostnames = counts.get(e.getKey());
        Map<String, Integer> gatewayCount = new HashMap<>();
        Set<String> sameLsConflicts = new HashSet<>();
        Map<String, Map<String, Integer>> lsCount = new HashMap<>();
        for (ListenerContext l : listeners) {
          String h = hostnameOf(l);
          if (hostnames.get(h) <= 1) {
            continue;
          }
          if (!l.isFromListenerSet()) {
            gatewayCount.merge(h, 1, Integer::sum);
          } else {
            int n = lsCount.computeIfAbsent(lsKey(l), k -> new HashMap<>()).merge(h, 1, Integer::sum);
            if (n > 1) {
              sameLsConflicts.add(h);
            }
          }
        }
        Map<String, ListenerContext> winners = new HashMap<>();
        for (ListenerContext l : listeners) {
          String h = hostnameOf(l);
          if (hostnames.get(h) <= 1 || gatewayCount.getOrDefault(h, 0) > 1) {
            continue;
          }
          if (sameLsConflicts.contains(h) && l.isFromListenerSet()) {
            continue;
          }
          ListenerContext existing = winners.get(h);
          if (existing == null || (existing.isFromListenerSet() && !l.isFromListenerSet())) {
            winners.put(h, l);
          }
        }
        Map<String, List<String>> conflictingNames = new HashMap<>();
        for (ListenerContext l : listeners) {
          String h = hostnameOf(l);
          if (hostnames.get(h) > 1) {
            conflictingNames.computeIfAbsent(h, k -> new ArrayList<>()).add(displayName(l));
          }
        }
        conflictingNames.values().forEach(v -> v.sort(null));
        for (ListenerContext l : listeners) {
          String h = hostnameOf(l);
          String message = "All listeners for a given port must use a unique hostname, conflicting listeners: "
              + String.join(", ", conflictingNames.getOrDefault(h, List.of()));
          ListenerContext winner = winners.get(h);
          if (winner != null) {
            if (l != winner) {
              setConflicted(l, ListenerConditions.REASON_HOSTNAME_CONFLICT, message);
            }
          } else if (hostnames.get(h) > 1) {
            setConflicted(l, ListenerConditions.REASON_HOSTNAME_CONFLICT, message);
          }
        }
      }
    }
  }

  private void layer4(List<GatewayContext> gateways, String protocol) {
    for (GatewayContext g : gateways) {
      Map<Integer, List<ListenerContext>> byPort = new LinkedHashMap<>();
      for (ListenerContext l : g.listeners()) {
        if (ListenerValidation.validForConflictChecks(l, facts.of(l)) && l.protocol().equals(protocol)) {
          byPort.computeIfAbsent(l.port(), p -> new ArrayList<>()).add(l);
        }
      }
      for (List<ListenerContext> onPort : byPort.values()) {
        for (int i = 1; i < onPort.size(); i++) {
          onPort.get(i).setCondition(ListenerConditions.CONFLICTED, true, ListenerConditions.REASON_PROTOCOL_CONFLICT,
              "Only one " + protocol + " listener is allowed in a given port");
        }
      }
    }
  }

  private void merged(List<GatewayContext> gateways) {
    Set<String> seen = new HashSet<>();
    for (GatewayContext g : gateways) {
      for (ListenerContext l : g.listeners()) {
        if (!ListenerValidation.validForConflictChecks(l, facts.of(l))) {
          continue;
        }
        String key = l.protocol() + ":" + hostnameOf(l) + ":" + l.port();
        if (!seen.add(key)) {
          l.setCondition(ListenerConditions.CONFLICTED, true, ListenerConditions.REASON_HOSTNAME_CONFLICT,
              "Port, protocol and hostname tuple must be unique for every listener");
        }
      }
    }
  }
}

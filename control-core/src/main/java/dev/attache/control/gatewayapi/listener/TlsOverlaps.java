package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Hostnames;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.status.ListenerConditions;
import dev.attache.control.gatewayapi.tls.SdsSecrets;
import dev.attache.control.resource.core.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flags HTTPS listeners on one port whose hostnames or certificates overlap (condition
 * {@code OverlappingTLSConfig}); a listener whose certificate overlaps another's gets HTTP/2
 * coalescing turned off in its IR. As Envoy Gateway's {@code checkOverlappingTLSConfig}.
 */
final class TlsOverlaps {
  static final String SDS_OPAQUE = "HTTP/2 is disabled by default because one or more HTTPS listeners on this "
      + "port use an SDS-backed certificate whose DNS names cannot be inspected. Configure ALPN explicitly with "
      + "ClientTrafficPolicy to override this default.";

  private final ListenerFacts.Table facts;

  private TlsOverlaps(ListenerFacts.Table facts) {
    this.facts = facts;
  }

  static void check(List<GatewayContext> gateways, boolean mergeGateways, ListenerFacts.Table facts) {
    new TlsOverlaps(facts).check(gateways, mergeGateways);
  }

  private void check(List<GatewayContext> gateways, boolean mergeGateways) {
    if (mergeGateways) {
      List<ListenerContext> https = new ArrayList<>();
      for (GatewayContext g : gateways) {
        g.listeners().stream().filter(l -> l.protocol().equals("HTTPS")).forEach(https::add);
      }
      hostnames(https);
      certificates(https);
    } else {
      for (GatewayContext g : gateways) {
        List<ListenerContext> https = g.listeners().stream().filter(l -> l.protocol().equals("HTTPS")).toList();
        hostnames(https);
        certificates(https);
      }
    }
  }

  private record Overlap(GatewayContext other, String otherListener, String mine, String theirs) {
  }

  private static void hostnames(List<ListenerContext> https) {
    Overlap[] overlaps = new Overlap[https.size()];
    for (int i = 0; i < https.size(); i++) {
      if (overlaps[i] != null || ListenerValidation.hasInvalidCondition(https.get(i))) {
        continue;
      }
      for (int j = i + 1; j < https.size(); j++) {
        ListenerContext a = https.get(i);
        ListenerContext b = https.get(j);
        if (overlaps[j] != null || ListenerValidation.hasInvalidCondition(b) || a.port() != b.port()) {
          continue;
        }
        if (Hostnames.overlap(a.hostname(), b.hostname())) {
          overlaps[i] = new Overlap(b.gateway(), b.name(), nz(a.hostname()), nz(b.hostname()));
          overlaps[j] = new Overlap(a.gateway(), a.name(), nz(b.hostname()), nz(a.hostname()));
        }
      }
    }
    for (int i = 0; i < https.size(); i++) {
      Overlap o = overlaps[i];
      if (o == null) {
        continue;
      }
      ListenerContext l = https.get(i);
      String message = sameGateway(l.gateway(), o.other())
          ? "The hostname " + o.mine() + " overlaps with the hostname " + o.theirs() + " in listener " + o.otherListener() + "."
          : "The hostname " + o.mine() + " overlaps with the hostname " + o.theirs() + " in listener " + o.otherListener()
              + " of gateway " + o.other().name() + ".";
      l.setCondition(ListenerConditions.OVERLAPPING_TLS_CONFIG, true, ListenerConditions.REASON_OVERLAPPING_HOSTNAMES,
          message);
    }
  }

  private void certificates(List<ListenerContext> https) {
    Map<Integer, Integer> validPerPort = new HashMap<>();
    Map<Integer, List<ListenerContext>> sdsPerPort = new HashMap<>();
    for (ListenerContext l : https) {
      if (ListenerValidation.hasInvalidCondition(l)) {
        continue;
      }
      validPerPort.merge(l.port(), 1, Integer::sum);
      for (Secret s : facts.of(l).tlsSecrets) {
        if (SdsSecrets.TYPE.equals(s.type())) {
          sdsPerPort.computeIfAbsent(l.port(), p -> new ArrayList<>()).add(l);
          break;
        }
      }
    }
    for (ListenerContext l : https) {
      if (ListenerValidation.hasInvalidCondition(l) || validPerPort.getOrDefault(l.port(), 0) < 2) {
        continue;
      }
      boolean disable = false;
      for (ListenerContext sds : sdsPerPort.getOrDefault(l.port(), List.of())) {
        if (l == sds || sds.hostname() == null) {
          disable = true;
          break;
        }
        for (String dns : facts.of(l).certDnsNames) {
          if (Hostnames.overlap(sds.hostname(), dns)) {
            disable = true;
            break;
          }
        }
        if (disable) {
          break;
        }
      }
      if (!disable) {
        continue;
      }
      if (facts.of(l).httpIr != null) {
        facts.of(l).httpIr.tlsOverlaps = true;
      }
      l.setCondition(ListenerConditions.OVERLAPPING_TLS_CONFIG, true, ListenerConditions.REASON_SDS_CERTIFICATE_OPAQUE,
          SDS_OPAQUE);
    }

    Overlap[] overlaps = new Overlap[https.size()];
    for (int i = 0; i < https.size(); i++) {
      if (overlaps[i] != null || ListenerValidation.hasInvalidCondition(https.get(i))) {
        continue;
      }
      for (int j = i + 1; j < https.size(); j++) {
        ListenerContext a = https.get(i);
        ListenerContext b = https.get(j);
        if (overlaps[j] != null || ListenerValidation.hasInvalidCondition(b) || a.port() != b.port()) {
          continue;
        }
        String[] sans = overlappingSans(facts.of(a).certDnsNames, facts.of(b).certDnsNames);
        if (sans != null) {
          overlaps[i] = new Overlap(b.gateway(), b.name(), sans[0], sans[1]);
          overlaps[j] = new Overlap(a.gateway(), a.name(), sans[1], sans[0]);
        }
      }
    }
    for (int i = 0; i < https.size(); i++) {
      Overlap o = overlaps[i];
      if (o == null) {
        continue;
      }
      ListenerContext l = https.get(i);
      String where = sameGateway(l.gateway(), o.other())
          ? " in listener " + o.otherListener()
          : " in listener " + o.otherListener() + " of gateway " + o.other().name();
      l.setCondition(ListenerConditions.OVERLAPPING_TLS_CONFIG, true, ListenerConditions.REASON_OVERLAPPING_CERTIFICATES,
          "The certificate SAN " + o.mine() + " overlaps with the certificate SAN " + o.theirs() + where
              + ". ALPN will default to HTTP/1.1 to prevent HTTP/2 connection coalescing, unless explicitly "
              + "configured via ClientTrafficPolicy");
      if (facts.of(l).httpIr != null) {
        facts.of(l).httpIr.tlsOverlaps = true;
      }
    }
  }

  private static String[] overlappingSans(List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (Hostnames.overlap(x, y)) {
          return new String[] {x, y};
        }
      }
    }
    return null;
  }

  private static boolean sameGateway(GatewayContext a, GatewayContext b) {
    return a.name().equals(b.name()) && a.namespace().equals(b.namespace());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}

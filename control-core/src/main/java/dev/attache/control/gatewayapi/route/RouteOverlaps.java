package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.StringMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Warns (condition {@code RouteRulesOverlap}) on HTTPRoutes and GRPCRoutes that have a match
 * identical to another route's on the same IR listener. Routes are bucketed by a canonical key of
 * their matches, so the check is linear in the number of routes (Envoy Gateway's
 * {@code checkRouteOverlaps}).
 */
public final class RouteOverlaps {
  private static final String MESSAGE = "Overlapping match conditions with route(s): ";
  /** Characters of the route list a condition can keep; more is cut by the condition anyway. */
  private static final int MESSAGE_ROOM = Conditions.MAX_MESSAGE + 1 - MESSAGE.length();

  private RouteOverlaps() {}

  /**
   * Routes with the same match on one listener. The names are sorted and joined once, so each
   * member's list of the others is a cut of one string, bounded by what a condition message
   * keeps: linear even when thousands of routes share a match.
   */
  private static final class Bucket {
    final Set<String> keys;
    private String joined;
    private int[] starts;
    private Map<String, Integer> index;

    Bucket(Set<String> keys) {
      this.keys = keys;
    }

    /** The other members' names, sorted, joined by ", ", at most {@code limit} characters. */
    String without(String self, int limit) {
      if (joined == null) {
        List<String> names = new ArrayList<>(keys.size());
        for (String k : keys) {
          names.add(display(k));
        }
        names.sort(null);
        starts = new int[names.size()];
        index = new HashMap<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            b.append(", ");
          }
          starts[i] = b.length();
          index.put(names.get(i), i);
          b.append(names.get(i));
        }
        joined = b.toString();
      }
      Integer i = index.get(self);
      if (i == null) {
        return joined.substring(0, Math.min(limit, joined.length()));
      }
      int n = starts.length;
      int cutFrom = i == n - 1 ? Math.max(0, starts[i] - 2) : starts[i];
      int cutTo = i == n - 1 ? joined.length() : starts[i + 1];
      StringBuilder out = new StringBuilder(Math.min(limit, joined.length()));
      out.append(joined, 0, Math.min(cutFrom, limit));
      if (out.length() < limit) {
        out.append(joined, cutTo, Math.min(joined.length(), cutTo + limit - out.length()));
      }
      return out.toString();
    }
  }

  public static void check(List<RouteContext> routes, Collection<XdsDraft> xdsIr) {
    Map<String, Map<String, List<Bucket>>> overlaps = new HashMap<>();
    for (XdsDraft xds : xdsIr) {
      for (HttpListenerDraft listener : xds.http) {
        Map<String, Set<String>> buckets = new LinkedHashMap<>();
        for (HttpRoute r : listener.routes) {
          if (r.metadata() == null) {
            continue;
          }
          String routeKey = r.metadata().kind() + "/" + r.metadata().namespace() + "/" + r.metadata().name();
          buckets.computeIfAbsent(key(r), k -> new LinkedHashSet<>()).add(routeKey);
        }
        for (Set<String> keys : buckets.values()) {
          if (keys.size() < 2) {
            continue;
          }
          Bucket bucket = new Bucket(keys);
          Map<String, List<Bucket>> lo = overlaps.computeIfAbsent(listener.name, k -> new HashMap<>());
          for (String k : keys) {
            lo.computeIfAbsent(k, x -> new ArrayList<>()).add(bucket);
          }
        }
      }
    }
    if (overlaps.isEmpty()) {
      return;
    }
    for (RouteContext route : routes) {
      if (!route.kind().equals("HTTPRoute") && !route.kind().equals("GRPCRoute")) {
        continue;
      }
      String routeKey = route.kind() + "/" + route.namespace() + "/" + route.name();
      for (RouteParentContext parent : route.parentContexts()) {
        Set<Bucket> buckets = new LinkedHashSet<>();
        for (ListenerContext listener : parent.listeners()) {
          Map<String, List<Bucket>> lo = overlaps.get(Names.listener(listener));
          if (lo != null) {
            buckets.addAll(lo.getOrDefault(routeKey, List.of()));
          }
        }
        if (buckets.isEmpty()) {
          continue;
        }
        String conflicts;
        if (buckets.size() == 1) {
          conflicts = buckets.iterator().next().without(display(routeKey), MESSAGE_ROOM);
        } else {
          Set<String> union = new TreeSet<>();
          for (Bucket bucket : buckets) {
            for (String c : bucket.keys) {
              if (!c.equals(routeKey)) {
                union.add(display(c));
              }
            }
          }
          conflicts = String.join(", ", union);
        }
        parent.setCondition(RouteConditions.ROUTE_RULES_OVERLAP, true, RouteConditions.REASON_ROUTE_RULES_OVERLAP,
            MESSAGE + conflicts);
      }
    }
  }

  private static String display(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash) + " " + key.substring(slash + 1);
  }

  private static String key(HttpRoute r) {
    String path;
    boolean connect = r.traffic() != null && r.traffic().httpUpgrade().stream()
        .anyMatch(u -> "CONNECT".equalsIgnoreCase(u.type()));
    if (connect) {
      path = "CONNECT";
    } else {
      path = pathKey(r.pathMatch());
    }
    return r.hostname() + "\u0002" + path + "\u0002" + sliceKey(r.headerMatches(), true) + "\u0002"
        + sliceKey(r.queryParamMatches(), false) + "\u0002" + sliceKey(r.cookieMatches(), false);
  }

  private static String pathKey(StringMatch s) {
    if (s == null) {
      return matchKey(new StringMatch(null, null, "/", null, null, false, null), false);
    }
    if (s.prefix() == null || s.prefix().equals("/")) {
      return matchKey(s, false);
    }
    String prefix = s.prefix().endsWith("/") ? s.prefix().substring(0, s.prefix().length() - 1) : s.prefix();
    return matchKey(new StringMatch(s.name(), s.exact(), prefix, s.suffix(), s.safeRegex(), s.distinct(), s.invert()), false);
  }

  private static String matchKey(StringMatch s, boolean lowercaseName) {
    if (s == null) {
      return "";
    }
    String name = s.name() == null ? "" : s.name();
    if (lowercaseName) {
      name = name.toLowerCase(java.util.Locale.ROOT);
    }
    return name + "\0" + (s.exact() != null ? "e" + s.exact() : "") + "\0" + (s.prefix() != null ? "p" + s.prefix() : "")
        + "\0" + (s.suffix() != null ? "s" + s.suffix() : "") + "\0" + (s.safeRegex() != null ? "r" + s.safeRegex() : "")
        + "\0" + (s.distinct() ? "d" : "") + "\0" + (Boolean.TRUE.equals(s.invert()) ? "i" : "");
  }

  private static String sliceKey(List<StringMatch> matches, boolean lowercaseName) {
    if (matches.isEmpty()) {
      return "";
    }
    List<String> keys = new ArrayList<>();
    for (StringMatch m : matches) {
      keys.add(matchKey(m, lowercaseName));
    }
    keys.sort(null);
    return String.join("\u0001", keys);
  }
}

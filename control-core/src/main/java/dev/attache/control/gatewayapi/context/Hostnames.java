package dev.attache.control.gatewayapi.context;

import java.util.List;
import java.util.TreeSet;

/** Hostname matching between listeners and routes, as Gateway API defines it. */
public final class Hostnames {
  private Hostnames() {}

  /**
   * The hostnames a route serves on a listener: the intersections of the route's and the
   * listener's hostnames, minus hostnames another listener on the same port claims; sorted.
   * A route without hostnames gets the listener's hostname, or {@code *}.
   */
  public static List<String> compute(List<String> routeHostnames, ListenerContext listener) {
    String listenerHostname = listener == null || listener.hostname() == null ? "" : listener.hostname();
    if (routeHostnames.isEmpty()) {
      return List.of(listenerHostname.isEmpty() ? "*" : listenerHostname);
    }
    TreeSet<String> hosts = new TreeSet<>();
    for (String routeHostname : routeHostnames) {
      if (listenerHostname.isEmpty()) {
        hosts.add(routeHostname);
      } else if (listenerHostname.equals(routeHostname)) {
        hosts.add(routeHostname);
      } else if (listenerHostname.startsWith("*") && routeHostname.startsWith("*")) {
        if (wildcardMatches(routeHostname, listenerHostname)) {
          hosts.add(listenerHostname);
        }
        if (wildcardMatches(listenerHostname, routeHostname)) {
          hosts.add(routeHostname);
        }
      } else if (listenerHostname.startsWith("*")) {
        if (wildcardMatches(listenerHostname, routeHostname)) {
          hosts.add(routeHostname);
        }
      } else if (routeHostname.startsWith("*")) {
        if (wildcardMatches(routeHostname, listenerHostname)) {
          hosts.add(listenerHostname);
        }
      }
    }
    if (listener != null) {
      for (ListenerContext other : listener.gateway().listeners()) {
        if (other == listener || other.port() != listener.port() || other.hostname() == null) {
          continue;
        }
        hosts.remove(other.hostname());
      }
    }
    return List.copyOf(hosts);
  }

  /**
   * Whether a wildcard hostname covers another hostname: {@code *.com} covers
   * {@code foo.com} and {@code *.example.com}, but not {@code *.com} itself.
   */
  public static boolean wildcardMatches(String wildcard, String hostname) {
    String suffix = wildcard.startsWith("*") ? wildcard.substring(1) : wildcard;
    if (!hostname.startsWith("*")) {
      return hostname.endsWith(suffix) && hostname.length() > suffix.length();
    }
    String hostSuffix = hostname.substring(1);
    if (!hostSuffix.endsWith(suffix)) {
      return false;
    }
    String remaining = hostSuffix.substring(0, hostSuffix.length() - suffix.length());
    return !remaining.isEmpty() && remaining.startsWith(".");
  }

  /** Whether two listener hostnames overlap (an absent hostname overlaps everything). */
  public static boolean overlap(String a, String b) {
    if (a == null || b == null) {
      return true;
    }
    return matchesOther(a, b) || matchesOther(b, a);
  }

  private static boolean matchesOther(String self, String other) {
    if (hasWildcardPrefix(other) && !hasWildcardPrefix(self)) {
      String otherSuffix = other.substring(1);
      return self.endsWith(otherSuffix)
          && !self.substring(0, self.length() - otherSuffix.length()).contains(".");
    }
    return self.equals(other);
  }

  private static boolean hasWildcardPrefix(String h) {
    return h != null && h.length() > 1 && h.charAt(0) == '*';
  }
}

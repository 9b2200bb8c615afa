package dev.attache.control.xds.translate;

import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RouteDestination;
import java.util.HashSet;
import java.util.Set;

/** Questions about a route's destination that decide how many clusters it becomes. */
final class Destinations {
  static final String HTTP2 = "HTTP2";
  static final String GRPC = "GRPC";
  static final String TCP = "TCP";

  /** Weights of the backends by state: usable, invalid, and without endpoints. */
  record Weights(long valid, long invalid, long noEndpoints) {
    long unavailable() {
      return invalid + noEndpoints;
    }
  }

  private Destinations() {}

  static Weights weights(RouteDestination d) {
    long valid = 0;
    long invalid = 0;
    long none = 0;
    for (DestinationSetting s : d.settings()) {
      if (s.weight() == null) {
        continue;
      }
      if (s.invalid()) {
        invalid += s.weight();
      } else if (s.isDynamicResolver() || s.isCustomBackend() || !s.endpoints().isEmpty()) {
        valid += s.weight();
      } else {
        none += s.weight();
      }
    }
    return new Weights(valid, invalid, none);
  }

  /** Whether each backend needs a cluster of its own (and the route weighted clusters). */
  static boolean needsClusterPerSetting(HttpRoute r) {
    var lb = r.traffic() == null ? null : r.traffic().loadBalancer();
    if (lb != null && (lb.preferLocal() != null || !lb.weightedZones().isEmpty())) {
      return true;
    }
    RouteDestination d = r.destination();
    Weights w = weights(d);
    if (w.invalid() > 0 || w.noEndpoints() > 0) {
      return true;
    }
    return needsClusterPerSetting(d);
  }

  static boolean needsClusterPerSetting(RouteDestination d) {
    Set<String> types = new HashSet<>();
    boolean filters = false;
    boolean preferLocal = false;
    boolean forceHttp1 = false;
    boolean http2 = false;
    int autoSni = 0;
    for (DestinationSetting s : d.settings()) {
      if (s.addressType() != null) {
        types.add(s.addressType());
      }
      filters |= s.filters() != null;
      preferLocal |= s.preferLocal() != null;
      forceHttp1 |= s.forceHTTP1Upstream();
      http2 |= HTTP2.equals(s.protocol()) || GRPC.equals(s.protocol());
      if (s.tls() != null && s.tls().autoSNIFromEndpointHostname()) {
        autoSni++;
      }
    }
    boolean mixedEndpoints = types.contains("Mixed") || (types.contains("FQDN") && types.size() > 1);
    return mixedEndpoints || filters || (d.settings().size() > 1 && preferLocal)
        || (forceHttp1 && http2) || (autoSni > 0 && autoSni != d.settings().size());
  }

  /** The cluster a TCP/UDP route forwards to. */
  static String singleClusterName(RouteDestination d) {
    if (!d.settings().isEmpty()) {
      return d.name();
    }
    if (!d.backendClusterRefs().isEmpty()) {
      return d.backendClusterRefs().getFirst().name();
    }
    return d.name();
  }

  /** Whether the route has a cluster of its own (not only shared backend clusters). */
  static boolean needsRouteCluster(RouteDestination d) {
    return !d.settings().isEmpty() || d.backendClusterRefs().isEmpty();
  }
}

package dev.attache.control.xds.server;

import io.envoyproxy.controlplane.cache.Resources;
import java.util.Map;

/** The xDS type URLs this server serves, and their short names in metrics and logs. */
final class XdsTypes {
  static final String LISTENER = Resources.V3.LISTENER_TYPE_URL;
  static final String ROUTE = Resources.V3.ROUTE_TYPE_URL;
  static final String CLUSTER = Resources.V3.CLUSTER_TYPE_URL;
  static final String ENDPOINT = Resources.V3.ENDPOINT_TYPE_URL;
  static final String SECRET = Resources.V3.SECRET_TYPE_URL;

  private static final Map<String, String> SHORT = Map.of(
      LISTENER, "lds", ROUTE, "rds", CLUSTER, "cds", ENDPOINT, "eds", SECRET, "sds");

  private XdsTypes() {
  }

  /** {@code cds}, {@code lds} … for a type URL; {@code other} for anything else. */
  static String shortName(String typeUrl) {
    return SHORT.getOrDefault(typeUrl, "other");
  }
}

package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the deliberate authz-service difference out of a case's xDS, to tell whether a case of
 * that family differs for that reason only: Envoy's native JWT, basic auth, API key and RBAC
 * filters (and the JWKS clusters they call) on the expected side, Attaché's ext_authz filter and
 * authz-service cluster on ours.
 */
final class DeliberateDifference {
  private static final List<String> NATIVE = List.of("envoy.filters.http.jwt_authn",
      "envoy.filters.http.basic_auth", "envoy.filters.http.api_key_auth",
      "envoy.filters.http.rbac");
  private static final String OURS = "envoy.filters.http.ext_authz/attache-authz";
  private static final String OUR_CLUSTER = "attache-authz";

  private DeliberateDifference() {}

  /** Removes the native auth filters from expected resources; returns the clusters they call. */
  static Set<String> stripExpected(Map<String, JsonNode> byFile) {
    Set<String> clusters = new HashSet<>();
    byFile.values().forEach(tree -> strip(tree, NATIVE, clusters));
    dropClusters(byFile, clusters);
    return clusters;
  }

  /** Removes Attaché's ext_authz filter, per-route configs and cluster from our resources. */
  static void stripActual(Map<String, JsonNode> byFile) {
    byFile.values().forEach(tree -> strip(tree, List.of(OURS), new HashSet<>()));
    dropClusters(byFile, Set.of(OUR_CLUSTER));
  }

  private static boolean matches(String name, List<String> prefixes) {
    return prefixes.stream().anyMatch(name::startsWith);
  }

  private static void strip(JsonNode node, List<String> prefixes, Set<String> calledClusters) {
    if (node instanceof ArrayNode array) {
      array.forEach(n -> strip(n, prefixes, calledClusters));
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    if (object.get("httpFilters") instanceof ArrayNode filters) {
      for (Iterator<JsonNode> it = filters.iterator(); it.hasNext();) {
        JsonNode filter = it.next();
        if (matches(filter.path("name").asText(), prefixes)) {
          collectClusters(filter, calledClusters);
          it.remove();
        }
      }
    }
    if (object.get("typedPerFilterConfig") instanceof ObjectNode perFilter) {
      perFilter.properties().removeIf(e -> matches(e.getKey(), prefixes));
      if (perFilter.isEmpty()) {
        object.remove("typedPerFilterConfig");
      }
    }
    object.forEach(n -> strip(n, prefixes, calledClusters));
  }

  private static void collectClusters(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("cluster") && e.getValue().isTextual()) {
          out.add(e.getValue().asText());
        } else {
          collectClusters(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectClusters(n, out));
    }
  }

  private static void dropClusters(Map<String, JsonNode> byFile, Set<String> names) {
    if (byFile.get("clusters") instanceof ArrayNode clusters) {
      clusters.valueStream().toList().stream()
          .filter(c -> names.contains(c.path("name").asText()))
          .forEach(c -> remove(clusters, c));
    }
    if (byFile.get("endpoints") instanceof ArrayNode endpoints) {
      endpoints.valueStream().toList().stream()
          .filter(e -> names.contains(e.path("clusterName").asText()))
          .forEach(e -> remove(endpoints, e));
    }
  }

  private static void remove(ArrayNode array, JsonNode element) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == element) {
        array.remove(i);
        return;
      }
    }
  }
}

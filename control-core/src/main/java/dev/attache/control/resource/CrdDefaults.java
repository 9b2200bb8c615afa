package dev.attache.control.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The default values the Gateway API and Envoy Gateway CRDs declare ({@code default:} in their
 * OpenAPI schemas), applied to an object as the API server would on admission: a default fills
 * a field that is absent, inside parents that are present, never creating a parent. Envoy
 * Gateway's file provider and {@code egctl x translate} apply them to what they read.
 */
final class CrdDefaults {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GW = "gateway.networking.k8s.io";

  private static final List<String> PARENT_REFS = List.of(
      "spec.parentRefs[].group=\"" + GW + "\"",
      "spec.parentRefs[].kind=\"Gateway\"");
  private static final List<String> BACKEND_REFS = List.of(
      "spec.rules[].backendRefs[].group=\"\"",
      "spec.rules[].backendRefs[].kind=\"Service\"",
      "spec.rules[].backendRefs[].weight=1");
  private static final List<String> POLICY_TARGETS = List.of(
      "spec.targetSelectors[].group=\"" + GW + "\"",
      "spec.targetSelectors[].namespaces.from=\"Same\"");

  /** Per kind, the defaults as {@code path=json}; {@code []} walks every element of a list. */
  private static final Map<String, List<String>> DEFAULTS = Map.ofEntries(
      Map.entry("Gateway", List.of(
          "spec.listeners[].allowedRoutes={\"namespaces\":{\"from\":\"Same\"}}",
          "spec.listeners[].allowedRoutes.namespaces={\"from\":\"Same\"}",
          "spec.listeners[].allowedRoutes.namespaces.from=\"Same\"",
          "spec.listeners[].allowedRoutes.kinds[].group=\"" + GW + "\"",
          "spec.listeners[].tls.mode=\"Terminate\"",
          "spec.listeners[].tls.certificateRefs[].group=\"\"",
          "spec.listeners[].tls.certificateRefs[].kind=\"Secret\"")),
      Map.entry("HTTPRoute", concat(PARENT_REFS, BACKEND_REFS, List.of(
          "spec.rules=[{\"matches\":[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}]}]",
          "spec.rules[].matches=[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}]",
          "spec.rules[].matches[].path={\"type\":\"PathPrefix\",\"value\":\"/\"}",
          "spec.rules[].matches[].path.type=\"PathPrefix\"",
          "spec.rules[].matches[].path.value=\"/\"",
          "spec.rules[].matches[].headers[].type=\"Exact\"",
          "spec.rules[].matches[].queryParams[].type=\"Exact\"",
          "spec.rules[].filters[].requestMirror.backendRef.group=\"\"",
          "spec.rules[].filters[].requestMirror.backendRef.kind=\"Service\"",
          "spec.rules[].filters[].requestRedirect.statusCode=302",
          "spec.rules[].backendRefs[].filters[].requestMirror.backendRef.group=\"\"",
          "spec.rules[].backendRefs[].filters[].requestMirror.backendRef.kind=\"Service\""))),
      Map.entry("GRPCRoute", concat(PARENT_REFS, BACKEND_REFS, List.of(
          "spec.rules[].matches[].method.type=\"Exact\"",
          "spec.rules[].matches[].headers[].type=\"Exact\"",
          "spec.rules[].filters[].requestMirror.backendRef.group=\"\"",
          "spec.rules[].filters[].requestMirror.backendRef.kind=\"Service\""))),
      Map.entry("TLSRoute", concat(PARENT_REFS, BACKEND_REFS)),
      Map.entry("TCPRoute", concat(PARENT_REFS, BACKEND_REFS)),
      Map.entry("UDPRoute", concat(PARENT_REFS, BACKEND_REFS)),
      Map.entry("Backend", List.of("spec.type=\"Endpoints\"")),
      Map.entry("EnvoyProxy", List.of(
          "spec.logging={\"level\":{\"default\":\"warn\"}}",
          "spec.logging.level={\"default\":\"warn\"}",
          "spec.bootstrap.type=\"Replace\"",
          "spec.provider.kubernetes.envoyService.type=\"LoadBalancer\"",
          "spec.provider.kubernetes.envoyService.externalTrafficPolicy=\"Local\"")),
      Map.entry("EnvoyExtensionPolicy", concat(POLICY_TARGETS, List.of(
          "spec.extProc[].backendRefs[].group=\"\"",
          "spec.extProc[].backendRefs[].kind=\"Service\"",
          "spec.extProc[].backendRefs[].weight=1",
          "spec.extProc[].failOpen=false",
          "spec.wasm[].failOpen=false",
          "spec.lua[].type=\"Inline\""))),
      Map.entry("SecurityPolicy", concat(POLICY_TARGETS, List.of(
          "spec.extAuth.failOpen=false",
          "spec.extAuth.grpc.backendRefs[].group=\"\"",
          "spec.extAuth.grpc.backendRefs[].kind=\"Service\"",
          "spec.extAuth.grpc.backendRefs[].weight=1",
          "spec.extAuth.http.backendRefs[].group=\"\"",
          "spec.extAuth.http.backendRefs[].kind=\"Service\"",
          "spec.extAuth.http.backendRefs[].weight=1",
          "spec.oidc.refreshToken=true",
          "spec.jwt.providers[].remoteJWKS.cacheDuration=\"300s\""))),
      Map.entry("BackendTrafficPolicy", concat(POLICY_TARGETS, List.of(
          "spec.circuitBreaker.maxConnections=1024",
          "spec.circuitBreaker.maxPendingRequests=1024",
          "spec.circuitBreaker.maxParallelRequests=1024",
          "spec.circuitBreaker.maxParallelRetries=1024",
          "spec.retry.numRetries=2",
          "spec.faultInjection.delay.percentage=100",
          "spec.faultInjection.abort.percentage=100",
          "spec.healthCheck.active.timeout=\"1s\"",
          "spec.healthCheck.active.interval=\"3s\"",
          "spec.healthCheck.active.unhealthyThreshold=3",
          "spec.healthCheck.active.healthyThreshold=1",
          "spec.healthCheck.passive.splitExternalLocalOriginErrors=false",
          "spec.healthCheck.passive.interval=\"3s\"",
          "spec.healthCheck.passive.consecutiveLocalOriginFailures=5",
          "spec.healthCheck.passive.consecutive5XxErrors=5",
          "spec.healthCheck.passive.baseEjectionTime=\"30s\"",
          "spec.healthCheck.passive.maxEjectionPercent=10",
          "spec.healthCheck.passive.alwaysEjectOneEndpoint=false",
          "spec.loadBalancer.consistentHash.tableSize=65537"))),
      Map.entry("ClientTrafficPolicy", POLICY_TARGETS));

  private static final Map<String, List<Default>> PARSED = parse();

  private record Default(String[] path, JsonNode value) {}

  private CrdDefaults() {}

  private static List<String> concat(List<String>... lists) {
    List<String> out = new java.util.ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }

  private static Map<String, List<Default>> parse() {
    Map<String, List<Default>> out = new java.util.HashMap<>();
    DEFAULTS.forEach((kind, entries) -> {
      List<Default> defaults = new java.util.ArrayList<>();
      for (String e : entries) {
        int eq = e.indexOf('=');
        try {
          defaults.add(new Default(e.substring(0, eq).split("\\."), MAPPER.readTree(e.substring(eq + 1))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
          throw new IllegalStateException("bad default " + e, ex);
        }
      }
      out.put(kind, List.copyOf(defaults));
    });
    return Map.copyOf(out);
  }

  /** Fills the object's absent fields that its kind's CRD gives a default. */
  static void apply(String kind, ObjectNode object) {
    for (Default d : PARSED.getOrDefault(kind, List.of())) {
      fill(object, d.path(), 0, d.value());
    }
  }

  private static void fill(JsonNode node, String[] path, int i, JsonNode value) {
    if (node == null || !node.isObject()) {
      return;
    }
    String segment = path[i];
    boolean each = segment.endsWith("[]");
    String name = each ? segment.substring(0, segment.length() - 2) : segment;
    ObjectNode object = (ObjectNode) node;
    if (i == path.length - 1) {
      if (!object.has(name) || object.get(name).isNull()) {
        object.set(name, value.deepCopy());
      }
      return;
    }
    JsonNode child = object.get(name);
    if (child == null) {
      return;
    }
    if (each) {
      if (child.isArray()) {
        for (JsonNode element : child) {
          fill(element, path, i + 1, value);
        }
      }
    } else {
      fill(child, path, i + 1, value);
    }
  }
}

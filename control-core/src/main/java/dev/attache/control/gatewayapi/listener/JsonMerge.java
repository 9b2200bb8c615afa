package dev.attache.control.gatewayapi.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.Map;

/**
 * JSON merge of two EnvoyProxy objects (RFC 7386 over their JSON forms): objects merge field by
 * field, anything else in the override replaces the base. Envoy Gateway's strategic merge
 * differs only for lists whose Kubernetes type declares a merge key; those are replaced here.
 */
final class JsonMerge {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonMerge() {}

  static EnvoyProxy mergeEnvoyProxy(EnvoyProxy base, EnvoyProxy override, boolean strategic) {
    JsonNode merged = merge(MAPPER.valueToTree(base), MAPPER.valueToTree(override));
    try {
      return MAPPER.treeToValue(merged, EnvoyProxy.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("merged EnvoyProxy does not read back", e);
    }
  }

  static JsonNode merge(JsonNode base, JsonNode patch) {
    if (!patch.isObject() || base == null || !base.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }
}

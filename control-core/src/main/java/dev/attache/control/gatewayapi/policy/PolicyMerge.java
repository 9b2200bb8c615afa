package dev.attache.control.gatewayapi.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Merging a route's policy into its parent's, as Envoy Gateway's {@code utils.Merge}: both are
 * turned into JSON, the route's applied as a patch over the parent's, and the result read back.
 * {@code JSONMerge} is RFC 7386; {@code StrategicMerge} is Kubernetes' strategic merge, where a
 * list whose field declares a merge key merges element by element (matched by that key, new
 * ones appended) instead of being replaced.
 */
public final class PolicyMerge {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PolicyMerge() {}

  /** Thrown when the merge type is not one Envoy Gateway knows. */
  public static final class MergeException extends Exception {
    MergeException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * {@code patch} applied over {@code base}.
   *
   * @param mergeKeys for strategic merge, the merge key of each list field by field name
   */
  public static <T> T merge(T base, T patch, Class<T> type, String mergeType, Map<String, String> mergeKeys)
      throws MergeException {
    JsonNode merged;
    switch (mergeType) {
      case "StrategicMerge" -> merged = strategic(MAPPER.valueToTree(base), MAPPER.valueToTree(patch), mergeKeys);
      case "JSONMerge" -> merged = jsonMerge(MAPPER.valueToTree(base), MAPPER.valueToTree(patch));
      default -> throw new MergeException("unsupported merge type: " + mergeType);
    }
    try {
      return MAPPER.treeToValue(merged, type);
    } catch (JsonProcessingException e) {
      throw new MergeException("error unmarshaling patched service: " + e.getOriginalMessage());
    }
  }

  static JsonNode jsonMerge(JsonNode base, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = base != null && base.isObject() ? ((ObjectNode) base).deepCopy() : MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), jsonMerge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  static JsonNode strategic(JsonNode base, JsonNode patch, Map<String, String> mergeKeys) {
    if (!patch.isObject() || base == null || !base.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String field = e.getKey();
      JsonNode value = e.getValue();
      JsonNode current = out.get(field);
      if (value.isNull()) {
        out.remove(field);
      } else if (value.isArray() && current != null && current.isArray() && mergeKeys.containsKey(field)) {
        out.set(field, mergeList((ArrayNode) current, (ArrayNode) value, mergeKeys.get(field), mergeKeys));
      } else {
        out.set(field, strategic(current, value, mergeKeys));
      }
    }
    return out;
  }

  /**
   * Kubernetes' merge of a keyed list: patch elements merge into the base element with the same
   * key (or are added); then patch elements keep the patch's order and base-only elements the
   * base's, interleaved where the base ordered them (strategicpatch's normalizeElementOrder).
   */
  private static ArrayNode mergeList(ArrayNode base, ArrayNode patch, String key, Map<String, String> mergeKeys) {
    List<JsonNode> merged = new ArrayList<>();
    base.forEach(merged::add);
    for (JsonNode item : patch) {
      int found = indexOf(merged, item.get(key), key);
      if (found >= 0) {
        merged.set(found, strategic(merged.get(found), item, mergeKeys));
      } else {
        merged.add(item.deepCopy());
      }
    }
    List<JsonNode> patchList = new ArrayList<>();
    patch.forEach(patchList::add);
    List<JsonNode> baseList = new ArrayList<>();
    base.forEach(baseList::add);
    List<JsonNode> patchItems = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode m : merged) {
      (indexOf(patchList, m.get(key), key) >= 0 ? patchItems : serverOnly).add(m);
    }
    patchItems.sort(Comparator.comparingInt(m -> indexOf(patchList, m.get(key), key)));
    serverOnly.sort(Comparator.comparingInt(m -> indexOf(baseList, m.get(key), key)));
    ArrayNode out = MAPPER.createArrayNode();
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
      if (j >= patchItems.size()) {
        out.add(serverOnly.get(i++));
      } else if (i >= serverOnly.size()) {
        out.add(patchItems.get(j++));
      } else {
        int li = indexOf(baseList, serverOnly.get(i).get(key), key);
        int ri = indexOf(baseList, patchItems.get(j).get(key), key);
        if (li >= 0 && ri >= 0 && li < ri) {
          out.add(serverOnly.get(i++));
        } else {
          out.add(patchItems.get(j++));
        }
      }
    }
    return out;
  }

  private static int indexOf(List<JsonNode> list, JsonNode keyValue, String key) {
    if (keyValue == null) {
      return -1;
    }
    for (int i = 0; i < list.size(); i++) {
      if (keyValue.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }
}

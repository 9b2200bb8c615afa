package dev.attache.authz.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Verified claims: lookup by dotted path, and the protobuf form Envoy stores as dynamic metadata. */
public final class Claims {
  private final ObjectNode json;
  private final Struct struct;

  Claims(ObjectNode json) {
    this.json = json;
    this.struct = toStruct(json, true);
  }

  /** The claim at a path of member names, or null. */
  public JsonNode at(List<String> path) {
    JsonNode n = json;
    for (String seg : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(seg);
    }
    return n;
  }

  /**
   * The claims as metadata. As Envoy Gateway configures jwt_authn
   * ({@code normalize_payload_in_metadata.space_delimited_claims: [scope, scp]}), a string
   * {@code scope} or {@code scp} becomes a list of its space-separated words.
   */
  public Struct struct() {
    return struct;
  }

  /** Header value of a claim as jwt_authn's claim_to_headers writes it: strings, numbers, booleans; else null. */
  public String headerValue(List<String> path) {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isIntegralNumber()) {
      return n.asText();
    }
    if (n.isNumber()) {
      return String.valueOf(n.doubleValue());
    }
    if (n.isBoolean()) {
      return n.booleanValue() ? "true" : "false";
    }
    return null;
  }

  static Struct toStruct(JsonNode object, boolean top) {
    Struct.Builder b = Struct.newBuilder();
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (top && v.isTextual() && (e.getKey().equals("scope") || e.getKey().equals("scp"))) {
        ListValue.Builder words = ListValue.newBuilder();
        for (String w : v.textValue().split(" ")) {
          if (!w.isEmpty()) {
            words.addValues(Value.newBuilder().setStringValue(w));
          }
        }
        b.putFields(e.getKey(), Value.newBuilder().setListValue(words).build());
      } else {
        b.putFields(e.getKey(), toValue(v));
      }
    }
    return b.build();
  }

  static Value toValue(JsonNode v) {
    Value.Builder b = Value.newBuilder();
    if (v.isTextual()) {
      b.setStringValue(v.textValue());
    } else if (v.isNumber()) {
      b.setNumberValue(v.doubleValue());
    } else if (v.isBoolean()) {
      b.setBoolValue(v.booleanValue());
    } else if (v.isObject()) {
      b.setStructValue(toStruct(v, false));
    } else if (v.isArray()) {
      ListValue.Builder l = ListValue.newBuilder();
      v.forEach(item -> l.addValues(toValue(item)));
      b.setListValue(l);
    } else {
      b.setNullValue(NullValue.NULL_VALUE);
    }
    return b.build();
  }
}

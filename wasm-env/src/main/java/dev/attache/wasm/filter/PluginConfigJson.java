package dev.attache.wasm.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of a policy's {@code config} as Envoy Gateway hands it to the Wasm VM. Kubernetes
 * (and Envoy Gateway's YAML loading) re-encode {@code config} with Go's {@code encoding/json}, so
 * this writes what Go writes: compact, object keys sorted, {@code <}, {@code >}, {@code &},
 * U+2028 and U+2029 escaped, other control characters as lowercase hex escapes, and floating
 * point numbers in Go's shortest form ({@code 1} for 1.0, exponents only below 1e-6 or from 1e21).
 */
public final class PluginConfigJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PluginConfigJson() {}

  /** The config's JSON text, or null for a null reference or a missing node. */
  public static String of(JsonNode config) {
    if (config == null || config.isMissingNode()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    write(config, out);
    return out.toString();
  }

  private static void write(JsonNode n, StringBuilder out) {
    switch (n.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
        fields.sort(Map.Entry.comparingByKey(PluginConfigJson::compareUtf8));
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(fields.get(i).getKey(), out);
          out.append(':');
          write(fields.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(n.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(n.textValue(), out);
      case NUMBER -> out.append(n.isIntegralNumber() ? n.bigIntegerValue().toString() : goFloat(n.doubleValue()));
      case BOOLEAN -> out.append(n.booleanValue());
      case NULL, MISSING -> out.append("null");
      default -> string(n.asText(), out);
    }
  }

  /** Go sorts map keys by their bytes; for UTF-16 that is code point order. */
  private static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(c, out);
        default -> {
          if (c < 0x20) {
            unicode(c, out);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd"); // as Go does for invalid UTF-8
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(char c, StringBuilder out) {
    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
  }

  /** Go's float64 encoding: 'f' format between 1e-6 and 1e21, else 'e' with a short exponent. */
  static String goFloat(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("config: " + d + " (expected: a finite number)");
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    StringBuilder s = new StringBuilder();
    if (d < 0) {
      s.append('-');
    }
    s.append(digits.charAt(0));
    if (digits.length() > 1) {
      s.append('.').append(digits, 1, digits.length());
    }
    s.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    if (e < 10 && exponent > 0) {
      s.append('0');
    }
    s.append(e);
    return s.toString();
  }
}

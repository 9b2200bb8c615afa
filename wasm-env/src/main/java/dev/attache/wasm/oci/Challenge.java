package dev.attache.wasm.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme such as {@code Bearer} or
 * {@code Basic} and its parameters ({@code realm}, {@code service}, {@code scope}).
 */
record Challenge(String scheme, Map<String, String> params) {

  String param(String name) {
    return params.get(name);
  }

  boolean is(String s) {
    return scheme.equalsIgnoreCase(s);
  }

  /** Every challenge in the header values, in order. Unparseable parts are skipped. */
  static List<Challenge> parse(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String v : headerValues) {
      parseOne(v, out);
    }
    return out;
  }

  private static void parseOne(String s, List<Challenge> out) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      i = skip(s, i, " ,");
      int start = i;
      while (i < n && isToken(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return;
      }
      String scheme = s.substring(start, i);
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        int save = i;
        i = skip(s, i, " ,");
        int ks = i;
        while (i < n && isToken(s.charAt(i))) {
          i++;
        }
        int ke = i;
        i = skip(s, i, " ");
        if (ke == ks || i >= n || s.charAt(i) != '=') {
          i = save; // not a parameter: the next challenge starts here
          break;
        }
        i = skip(s, i + 1, " ");
        StringBuilder value = new StringBuilder();
        if (i < n && s.charAt(i) == '"') {
          i++;
          while (i < n && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(s.charAt(i++));
          }
          i++;
        } else {
          while (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ') {
            value.append(s.charAt(i++));
          }
        }
        params.put(s.substring(ks, ke).toLowerCase(Locale.ROOT), value.toString());
      }
      out.add(new Challenge(scheme, Map.copyOf(params)));
      if (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ') {
        return;
      }
    }
  }

  private static int skip(String s, int i, String chars) {
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static boolean isToken(char c) {
    return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}

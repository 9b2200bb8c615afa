package dev.attache.authz.service;

import java.util.StringJoiner;

/** Rewrites a {@code cookie} header without one cookie, for a sanitized API key. */
final class Cookies {
  private Cookies() {}

  static String without(String header, String name) {
    if (header == null) {
      return "";
    }
    StringJoiner out = new StringJoiner("; ");
    for (String part : header.split(";")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq).strip();
      if (!p.isEmpty() && !k.equals(name)) {
        out.add(p);
      }
    }
    return out.toString();
  }
}

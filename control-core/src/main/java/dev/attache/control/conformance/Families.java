package dev.attache.control.conformance;

/**
 * Groups cases by what they exercise, from their names: {@code http-route-regex} is in
 * {@code http-route}, {@code listener-tcp-keepalive} in {@code listener}.
 */
final class Families {
  /** Cases Attaché deliberately answers differently (SecurityPolicy through its authz-service). */
  static final String AUTHZ_SERVICE = "authz-service (deliberate difference)";

  private Families() {}

  static String of(String caseName) {
    String[] words = caseName.split("-");
    // "<protocol>-route" names a family of its own (http-route, tcp-route, tls-route, udp-route).
    if (words.length > 1 && words[1].equals("route")) {
      return words[0] + "-route";
    }
    return words[0];
  }
}

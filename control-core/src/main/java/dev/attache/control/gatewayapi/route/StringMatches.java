package dev.attache.control.gatewayapi.route;

import dev.attache.control.ir.StringMatch;

/** IR string matches by kind. */
final class StringMatches {
  private StringMatches() {}

  static StringMatch exact(String name, String value) {
    return new StringMatch(name, value, null, null, null, false, null);
  }

  static StringMatch prefix(String name, String value) {
    return new StringMatch(name, null, value, null, null, false, null);
  }

  static StringMatch regex(String name, String value) {
    return new StringMatch(name, null, null, null, value, false, null);
  }
}

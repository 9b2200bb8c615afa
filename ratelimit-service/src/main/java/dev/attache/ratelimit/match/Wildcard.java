package dev.attache.ratelimit.match;

/**
 * A descriptor key with {@code *} in it, split once at load time. Each {@code *} matches any run
 * of characters, the empty one included, as envoyproxy/ratelimit's wildcard match does: the first
 * part must begin the value, the last must end it, the middle ones appear in order between.
 */
record Wildcard(String key, String[] parts, int fixedLength) {

  static Wildcard of(String key) {
    String[] parts = key.split("\\*", -1);
    int fixed = 0;
    for (String p : parts) {
      fixed += p.length();
    }
    return new Wildcard(key, parts, fixed);
  }

  boolean matches(String value) {
    if (parts.length == 1) {
      return parts[0].equals(value);
    }
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (value.length() < fixedLength || !value.startsWith(first) || !value.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int to = value.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = value.indexOf(parts[i], from);
      if (at < 0 || at + parts[i].length() > to) {
        return false;
      }
      from = at + parts[i].length();
    }
    return true;
  }
}

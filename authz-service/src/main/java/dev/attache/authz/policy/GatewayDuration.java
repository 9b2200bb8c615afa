package dev.attache.authz.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Gateway API durations ({@code 300s}, {@code 1h30m}, {@code 500ms}), as {@code gwapiv1.Duration} defines them. */
final class GatewayDuration {
  private static final Pattern WHOLE = Pattern.compile("^([0-9]{1,5}(h|m|s|ms)){1,4}$");
  private static final Pattern PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

  private GatewayDuration() {}

  static Duration parse(String text, String path) {
    if (!WHOLE.matcher(text).matches()) {
      throw new FieldException(path, "invalid duration " + text + " (expected: e.g. 300s, 1m, 500ms, 1h30m)");
    }
    Duration d = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
    }
    return d;
  }
}

package dev.attache.control.xds.translate;

import com.google.protobuf.Duration;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the IR writes them (Go syntax: {@code 10s}, {@code 1m30s}, {@code 250ms}). */
final class GoDurations {
  private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

  private GoDurations() {}

  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.getDefaultInstance();
    }
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      BigDecimal value = new BigDecimal(m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(value.multiply(BigDecimal.valueOf(unit)));
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("duration: " + text + " (expected: Go syntax like 10s)");
    }
    long total = nanos.longValue();
    return Duration.newBuilder().setSeconds(total / 1_000_000_000L)
        .setNanos((int) (total % 1_000_000_000L)).build();
  }
}

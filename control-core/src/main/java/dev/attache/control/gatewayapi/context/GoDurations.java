package dev.attache.control.gatewayapi.context;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's {@code time.Duration} text: parsing as {@code time.ParseDuration} ("1h30m", "1.5s",
 * "250ms") and printing as {@code Duration.String} ("1h30m0s", "1.5s", "250ms"), which is how
 * Envoy Gateway's IR shows every duration.
 */
public final class GoDurations {
  private GoDurations() {}

  /** The duration of Go text, or null when it does not parse. */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      return null;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return null;
      }
      String number = s.substring(start, i);
      if (number.equals(".")) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      long scale = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> -1;
      };
      if (scale < 0) {
        return null;
      }
      try {
        nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  /** Go's {@code Duration.String()} of {@code d}. */
  public static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    boolean negative = n < 0;
    long u = Math.abs(n);
    if (u < 1_000_000_000L) {
      String unit;
      long div;
      if (u < 1_000L) {
        return (negative ? "-" : "") + u + "ns";
      } else if (u < 1_000_000L) {
        unit = "µs";
        div = 1_000L;
      } else {
        unit = "ms";
        div = 1_000_000L;
      }
      out.append(fraction(u, div)).append(unit);
    } else {
      long hours = u / 3_600_000_000_000L;
      long rem = u % 3_600_000_000_000L;
      long minutes = rem / 60_000_000_000L;
      long secNanos = rem % 60_000_000_000L;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(fraction(secNanos, 1_000_000_000L)).append('s');
    }
    return (negative ? "-" : "") + out;
  }

  /** Go text for a Gateway API duration (itself Go text), or null when it does not parse. */
  public static String normalize(String text) {
    Duration d = parse(text);
    return d == null ? null : format(d);
  }

  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long frac = value % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit).substring(1);
    String f = String.format("%0" + digits.length() + "d", frac);
    int end = f.length();
    while (end > 0 && f.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + f.substring(0, end);
  }
}

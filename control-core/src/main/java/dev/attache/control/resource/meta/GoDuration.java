package dev.attache.control.resource.meta;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A Go {@code time.Duration} as apimachinery's {@code metav1.Duration} carries it: a signed count
 * of nanoseconds, read as Go's {@code time.ParseDuration} reads text ({@code 1h30m},
 * {@code 1.5s}, {@code -250ms}, {@code 0}) and written as Go's {@code Duration.String} writes it
 * ({@code 1h30m0s}, {@code 1.5s}, {@code -250ms}, {@code 0s}). Envoy Gateway's IR prints every
 * duration this way, and both translators read durations through this one type.
 */
public final class GoDuration implements Comparable<GoDuration> {
  /** No time at all; written {@code 0s}. */
  public static final GoDuration ZERO = new GoDuration(0);

  private static final long NANOSECOND = 1L;
  private static final long MICROSECOND = 1_000L;
  private static final long MILLISECOND = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  /** Go's 1<<63 as an unsigned 64-bit value; sums are checked against it as Go checks them. */
  private static final long TWO_TO_63 = Long.MIN_VALUE;

  private final long nanos;

  private GoDuration(long nanos) {
    this.nanos = nanos;
  }

  /** A duration of {@code nanos} nanoseconds. */
  public static GoDuration ofNanos(long nanos) {
    return nanos == 0 ? ZERO : new GoDuration(nanos);
  }

  /** A duration of {@code seconds} whole seconds. */
  public static GoDuration ofSeconds(long seconds) {
    return ofNanos(Math.multiplyExact(seconds, SECOND));
  }

  /** The same length of time as {@code duration}; fails when it exceeds Go's range (about 292 years). */
  public static GoDuration of(java.time.Duration duration) {
    requireNonNull(duration, "duration");
    return ofNanos(duration.toNanos());
  }

  /**
   * Reads Go duration text as {@code time.ParseDuration}: an optional sign, then one or more
   * decimal numbers each with a unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
   * {@code m}, {@code h}); {@code 0} alone needs no unit. Fails with Go's own message
   * ({@code time: invalid duration "abc"}, {@code time: missing unit in duration "1"},
   * {@code time: unknown unit "d" in duration "1d"}) so callers can report it as upstream does.
   */
  @JsonCreator
  public static GoDuration parse(String text) {
    requireNonNull(text, "text");
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    long total = 0; // unsigned, as Go's uint64 accumulator
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '.' && !isDigit(c)) {
        throw invalid(text);
      }
      // the whole part: [0-9]*
      int start = i;
      long whole = 0;
      for (; i < s.length() && isDigit(s.charAt(i)); i++) {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, 10)) > 0) {
          throw invalid(text);
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(whole, TWO_TO_63) > 0) {
          throw invalid(text);
        }
      }
      boolean digitsBefore = i > start;
      // the fraction: (\.[0-9]*)?, digits past what fits in 63 bits are read and ignored
      long fraction = 0;
      double scale = 1;
      boolean digitsAfter = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        boolean overflow = false;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
          if (overflow) {
            continue;
          }
          if (fraction > Long.MAX_VALUE / 10) {
            overflow = true;
            continue;
          }
          long next = fraction * 10 + (s.charAt(i) - '0');
          if (Long.compareUnsigned(next, TWO_TO_63) > 0) {
            overflow = true;
            continue;
          }
          fraction = next;
          scale *= 10;
        }
        digitsAfter = i > fractionStart;
      }
      if (!digitsBefore && !digitsAfter) {
        throw invalid(text);
      }
      int unitStart = i;
      for (; i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i)); i++) {
        // the unit runs to the next number
      }
      if (i == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      String unitText = s.substring(unitStart, i);
      long unit = switch (unitText) {
        case "ns" -> NANOSECOND;
        case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
        case "ms" -> MILLISECOND;
        case "s" -> SECOND;
        case "m" -> MINUTE;
        case "h" -> HOUR;
        default -> throw new IllegalArgumentException(
            "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
      };
      if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, unit)) > 0) {
        throw invalid(text);
      }
      long value = whole * unit;
      if (fraction > 0) {
        // as Go: a double is exact to the nanosecond for fractions of up to an hour
        value += (long) (fraction * (unit / scale));
        if (Long.compareUnsigned(value, TWO_TO_63) > 0) {
          throw invalid(text);
        }
      }
      total += value;
      if (Long.compareUnsigned(total, TWO_TO_63) > 0) {
        throw invalid(text);
      }
    }
    if (negative) {
      return ofNanos(-total);
    }
    if (total < 0) {
      throw invalid(text);
    }
    return ofNanos(total);
  }

  /** Like {@link #parse}, empty when {@code text} is null or not a Go duration. */
  public static Optional<GoDuration> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  /** Go's {@code time.quote}: double quotes, with non-ASCII and control bytes as {@code \xHH}. */
  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0x80 || cp < ' ') {
        for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          out.append(String.format("\\x%02x", b & 0xff));
        }
      } else {
        if (cp == '"' || cp == '\\') {
          out.append('\\');
        }
        out.append((char) cp);
      }
    }
    return out.append('"').toString();
  }

  /** The length in nanoseconds. */
  public long nanos() {
    return nanos;
  }

  /** The same length of time as a {@link java.time.Duration}. */
  public java.time.Duration toJavaDuration() {
    return java.time.Duration.ofNanos(nanos);
  }

  /** The same length of time as a protobuf {@code google.protobuf.Duration}, as xDS carries it. */
  public com.google.protobuf.Duration toProto() {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(nanos / SECOND).setNanos((int) (nanos % SECOND)).build();
  }

  /** Whether this is no time at all. */
  public boolean isZero() {
    return nanos == 0;
  }

  /** Whether this is shorter than no time at all. */
  public boolean isNegative() {
    return nanos < 0;
  }

  @Override
  public int compareTo(GoDuration other) {
    return Long.compare(nanos, other.nanos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoDuration d && d.nanos == nanos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanos);
  }

  /** Go's {@code Duration.String}: {@code 1h2m0.5s}, {@code 1.5ms}, {@code 0s}. */
  @JsonValue
  @Override
  public String toString() {
    if (nanos == 0) {
      return "0s";
    }
    long u = nanos < 0 ? -nanos : nanos; // unsigned: -MIN_VALUE is 1<<63
    String sign = nanos < 0 ? "-" : "";
    if (Long.compareUnsigned(u, SECOND) < 0) {
      if (u < MICROSECOND) {
        return sign + u + "ns";
      }
      if (u < MILLISECOND) {
        return sign + fraction(u, MICROSECOND) + "\u00b5s";
      }
      return sign + fraction(u, MILLISECOND) + "ms";
    }
    String seconds = fraction(Long.remainderUnsigned(u, MINUTE), SECOND) + "s";
    long minutes = Long.divideUnsigned(u, MINUTE);
    if (minutes == 0) {
      return sign + seconds;
    }
    long hours = minutes / 60;
    String out = (minutes % 60) + "m" + seconds;
    return sign + (hours == 0 ? out : hours + "h" + out);
  }

  /** {@code value / unit} as a decimal without trailing zeros, as Go's {@code fmtFrac}. */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    int digits = Long.toString(unit).length() - 1;
    String f = String.format("%0" + digits + "d", rest);
    int end = f.length();
    while (f.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + f.substring(0, end);
  }
}

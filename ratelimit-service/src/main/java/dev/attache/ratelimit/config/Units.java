package dev.attache.ratelimit.config;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import java.util.Locale;
import java.util.Optional;

/** Rate limit units and their lengths, as envoyproxy/ratelimit counts them (a month is 30 days). */
public final class Units {
  private Units() {
  }

  /** Seconds in one unit: WEEK 7 days, MONTH 30 days, YEAR 365 days. */
  public static long seconds(Unit unit) {
    return switch (unit) {
      case SECOND -> 1;
      case MINUTE -> 60;
      case HOUR -> 3_600;
      case DAY -> 86_400;
      case WEEK -> 604_800;
      case MONTH -> 2_592_000;
      case YEAR -> 31_536_000;
      case UNKNOWN, UNRECOGNIZED -> throw new IllegalArgumentException("unit: " + unit + " (expected: SECOND..YEAR)");
    };
  }

  /** The unit named {@code text} in any letter case; empty for an unknown name or UNKNOWN. */
  public static Optional<Unit> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Unit unit = Unit.valueOf(text.toUpperCase(Locale.ROOT));
      return unit == Unit.UNKNOWN || unit == Unit.UNRECOGNIZED ? Optional.empty() : Optional.of(unit);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

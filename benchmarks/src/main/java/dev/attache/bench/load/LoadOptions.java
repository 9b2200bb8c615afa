package dev.attache.bench.load;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags every load benchmark shares (a picocli mixin). */
public final class LoadOptions {
  @Option(names = "--concurrency", defaultValue = "64", description = "Calls in flight (closed loop). Default: ${DEFAULT-VALUE}")
  public int concurrency;

  @Option(names = "--rate", defaultValue = "0",
      description = "Also run an open loop at this many calls/s (0: closed loop only). Default: ${DEFAULT-VALUE}")
  public int rate;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Warm-up per target. Default: ${DEFAULT-VALUE}")
  public Duration warmup;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "Recorded time per target. Default: ${DEFAULT-VALUE}")
  public Duration duration;

  public LoadSpec closed() {
    return LoadSpec.closed(concurrency, warmup, duration);
  }

  public LoadSpec open() {
    return LoadSpec.open(rate, Math.max(concurrency, 1024), warmup, duration);
  }

  /** Reads {@code 500ms}, {@code 10s} or {@code 2m}. */
  public static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        default -> throw new IllegalArgumentException("duration: " + s + " (expected: like 500ms, 10s or 2m)");
      };
    }
  }
}

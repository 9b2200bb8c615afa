package dev.attache.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints results as a table with each row's ratio to the baseline measured in the same run, and
 * checks the targets a benchmark sets ("memory backend ≥ 80% of baseline throughput, p99 ≤ 2×").
 */
public final class LoadReport {
  private final PrintStream out;
  private final LoadResult baseline;
  private final List<String> misses = new ArrayList<>();

  public LoadReport(PrintStream out, LoadResult baseline) {
    this.out = out;
    this.baseline = baseline;
    out.printf(Locale.ROOT, "%-34s %-13s %11s %9s %9s %9s %9s %8s  %s%n",
        "target", "mode", "calls/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "failed", "vs baseline");
    row(baseline, "");
  }

  /** Prints a row and its ratios to the baseline. */
  public void add(LoadResult r) {
    row(r, String.format(Locale.ROOT, "throughput %.2fx, p99 %.2fx",
        throughputRatio(r), p99Ratio(r)));
  }

  /**
   * Prints a row and checks it: throughput at least {@code minThroughputRatio} of the baseline's
   * and, when {@code maxP99Ratio} is positive, p99 at most that multiple of the baseline's.
   */
  public boolean check(LoadResult r, double minThroughputRatio, double maxP99Ratio) {
    add(r);
    boolean ok = throughputRatio(r) >= minThroughputRatio
        && (maxP99Ratio <= 0 || p99Ratio(r) <= maxP99Ratio)
        && r.failedCalls() == 0;
    String target = String.format(Locale.ROOT, "throughput >= %.0f%% of baseline%s, no failed calls",
        minThroughputRatio * 100, maxP99Ratio > 0 ? String.format(Locale.ROOT, ", p99 <= %.1fx", maxP99Ratio) : "");
    out.printf(Locale.ROOT, "  %s %s: %s%n", ok ? "MET " : "MISS", r.name(), target);
    if (!ok) {
      misses.add(r.name() + ": " + target);
    }
    return ok;
  }

  public List<String> misses() {
    return List.copyOf(misses);
  }

  public double throughputRatio(LoadResult r) {
    return r.throughput() / baseline.throughput();
  }

  public double p99Ratio(LoadResult r) {
    return r.p99Micros() / baseline.p99Micros();
  }

  private void row(LoadResult r, String versus) {
    out.printf(Locale.ROOT, "%-34s %-13s %,11.0f %9.1f %9.1f %9.1f %9.1f %8d  %s%n",
        r.name(), r.mode(), r.throughput(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
        r.maxMicros(), r.failedCalls(), versus);
  }
}

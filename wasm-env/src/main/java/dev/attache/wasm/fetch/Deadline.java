package dev.attache.wasm.fetch;

import java.time.Duration;

/** The end of a pull's time budget, on the monotonic clock. */
public record Deadline(long nanoTime) {

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  public Duration remaining() {
    long left = nanoTime - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean expired() {
    return nanoTime - System.nanoTime() <= 0;
  }

  /** The shorter of {@code d} and what is left, never zero (the JDK refuses zero timeouts). */
  public Duration cap(Duration d) {
    Duration left = remaining();
    Duration shorter = left.compareTo(d) < 0 ? left : d;
    return shorter.isZero() ? Duration.ofMillis(1) : shorter;
  }
}

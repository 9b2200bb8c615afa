package dev.attache.authz.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning through once per interval per key, with the count of the ones held
 * back, so a misconfigured route sending thousands of Checks a second does not flood the log.
 * The metric still counts every one.
 */
final class WarningLimiter {
  private final long intervalNanos;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  private static final class State {
    final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  WarningLimiter(java.time.Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** -1 when this one is held back; otherwise how many were held back since the last one let through. */
  long admit(String key) {
    if (states.size() > 10_000) {
      states.clear();
    }
    State s = states.computeIfAbsent(key, k -> new State());
    long now = System.nanoTime();
    long next = s.next.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && s.next.compareAndSet(next, now + intervalNanos)) {
      return s.suppressed.getAndSet(0);
    }
    s.suppressed.incrementAndGet();
    return -1;
  }
}

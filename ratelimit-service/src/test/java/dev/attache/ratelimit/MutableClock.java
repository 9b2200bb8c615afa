package dev.attache.ratelimit;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
public final class MutableClock implements InstantSource {
  private final AtomicLong millis;

  public MutableClock(long epochMillis) {
    this.millis = new AtomicLong(epochMillis);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  public void advanceSeconds(long s) {
    millis.addAndGet(s * 1000);
  }

  public void setSeconds(long epochSeconds) {
    millis.set(epochSeconds * 1000);
  }
}

package dev.attache.ratelimit.service;

import dev.attache.ratelimit.MutableClock;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.memory.MemoryCounterBackend;
import java.util.function.Function;

/** The limit behaviour on the memory backend. */
class MemoryLimitBehaviourTest extends LimitBehaviourTest {
  @Override
  Function<MutableClock, CounterBackend> backend() {
    return clock -> new MemoryCounterBackend(clock, 100_000);
  }
}

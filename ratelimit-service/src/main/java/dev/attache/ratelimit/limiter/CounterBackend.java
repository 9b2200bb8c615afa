package dev.attache.ratelimit.limiter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where counters live: this process's memory, or Redis. A backend never blocks the caller on
 * I/O; it completes the future with one result per op (see {@link CounterOp}) or fails it with
 * {@link BackendUnavailableException} within a bounded time.
 */
public interface CounterBackend extends AutoCloseable {

  CompletableFuture<long[]> apply(List<CounterOp> ops);

  /** Whether the backend can take calls now (for health checks). */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {
  }
}

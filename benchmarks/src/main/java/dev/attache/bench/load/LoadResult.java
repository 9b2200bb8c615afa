package dev.attache.bench.load;

/**
 * What one target did under one {@link LoadSpec}. Latencies are in microseconds.
 *
 * @param okCalls calls that completed with OK
 * @param failedCalls calls that ended with any other status (or, in an open loop, could not be
 *     sent because the in-flight cap was reached)
 */
public record LoadResult(
    String name, String mode, long okCalls, long failedCalls, double seconds,
    double p50Micros, double p99Micros, double p999Micros, double maxMicros) {

  public double throughput() {
    return okCalls / seconds;
  }
}

package dev.attache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness itself: it counts calls, honours an open-loop schedule, and reports ratios. */
class LoadDriverTest {
  private static final MethodDescriptor<HealthCheckRequest, HealthCheckResponse> METHOD =
      HealthGrpc.getCheckMethod().toBuilder().setFullMethodName("attache.bench.Baseline/Check").build();
  private static final HealthCheckResponse SERVING =
      HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build();

  @Test
  void closedLoopCompletesCallsAndRecordsLatency() throws Exception {
    try (LoopbackTarget target = new LoopbackTarget("baseline", EmptyService.of(METHOD, SERVING))) {
      LoadResult r = new LoadDriver<>(target.channel(), METHOD, HealthCheckRequest::getDefaultInstance)
          .run("empty", LoadSpec.closed(8, Duration.ofMillis(200), Duration.ofSeconds(1)));
      assertThat(r.okCalls()).isPositive();
      assertThat(r.failedCalls()).isZero();
      assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
      assertThat(r.p99Micros()).isLessThanOrEqualTo(r.maxMicros());
    }
  }

  @Test
  void openLoopSendsOnSchedule() throws Exception {
    try (LoopbackTarget target = new LoopbackTarget("baseline", EmptyService.of(METHOD, SERVING))) {
      LoadResult r = new LoadDriver<>(target.channel(), METHOD, HealthCheckRequest::getDefaultInstance)
          .run("empty", LoadSpec.open(200, 64, Duration.ofMillis(200), Duration.ofSeconds(1)));
      // 200 calls a second for about a second: never more than the schedule allows (a busy
      // machine may complete fewer within the window).
      assertThat(r.okCalls()).isPositive();
      assertThat(r.okCalls() + r.failedCalls()).isLessThanOrEqualTo(280L);
    }
  }

  @Test
  void failedCallsAreCountedNotHidden() throws Exception {
    // No service behind the method: every call fails with UNIMPLEMENTED.
    try (LoopbackTarget target = new LoopbackTarget("other", EmptyService.of(
        HealthGrpc.getCheckMethod(), SERVING))) {
      LoadResult r = new LoadDriver<>(target.channel(), METHOD, HealthCheckRequest::getDefaultInstance)
          .run("missing", LoadSpec.closed(4, Duration.ZERO, Duration.ofMillis(300)));
      assertThat(r.okCalls()).isZero();
      assertThat(r.failedCalls()).isPositive();
    }
  }

  @Test
  void reportChecksTargetsAgainstTheBaseline() {
    LoadResult base = new LoadResult("empty", "closed x8", 10_000, 0, 1.0, 50, 100, 200, 300);
    LoadResult good = new LoadResult("svc", "closed x8", 9_000, 0, 1.0, 60, 150, 250, 400);
    LoadResult slow = new LoadResult("slow", "closed x8", 5_000, 0, 1.0, 60, 150, 250, 400);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LoadReport report = new LoadReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), base);

    assertThat(report.check(good, 0.8, 2.0)).isTrue();
    assertThat(report.check(slow, 0.8, 2.0)).isFalse();
    assertThat(report.misses()).singleElement().asString().startsWith("slow");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("throughput 0.90x, p99 1.50x");
  }
}

package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarningLimiterTest {
  @Test
  void letsOneThroughPerIntervalAndCountsTheRest() throws Exception {
    WarningLimiter limiter = new WarningLimiter(Duration.ofMillis(200));
    assertThat(limiter.admit("a")).isZero();
    assertThat(limiter.admit("a")).isEqualTo(-1);
    assertThat(limiter.admit("a")).isEqualTo(-1);
    assertThat(limiter.admit("b")).as("keys are separate").isZero();
    Thread.sleep(250);
    assertThat(limiter.admit("a")).as("held back since the last one").isEqualTo(2);
  }
}

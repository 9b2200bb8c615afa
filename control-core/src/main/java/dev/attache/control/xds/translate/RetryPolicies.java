package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Retry;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import java.util.Set;

/** A route's retry policy, with Envoy Gateway's defaults (2 retries on 503 and resets). */
final class RetryPolicies {
  private static final String DEFAULT_RETRY_ON =
      "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";
  /** The IR's trigger names are Envoy's retry_on names. */
  private static final Set<String> TRIGGERS = Set.of("5xx", "gateway-error", "reset",
      "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
      "retriable-status-codes", "cancelled", "deadline-exceeded", "internal",
      "resource-exhausted", "unavailable");

  private RetryPolicies() {}

  /** The route's retry (or the traffic policy's), or null. */
  static Retry of(HttpRoute r) {
    if (r.retry() != null) {
      return r.retry();
    }
    return r.traffic() == null ? null : r.traffic().retry();
  }

  static RetryPolicy build(Retry retry) {
    RetryPolicy.Builder p = RetryPolicy.newBuilder().setRetryOn(DEFAULT_RETRY_ON)
        .addRetriableStatusCodes(503).setNumRetries(UInt32Value.of(2))
        .addRetryHostPredicate(RetryPolicy.RetryHostPredicate.newBuilder()
            .setName("envoy.retry_host_predicates.previous_hosts")
            .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance())))
        .setHostSelectionRetryMaxAttempts(5);
    if (retry.numRetries() != null) {
      p.setNumRetries(UInt32Value.of(retry.numRetries()));
    }
    if (retry.numAttemptsPerPriority() != null && retry.numAttemptsPerPriority() > 0) {
      p.setRetryPriority(RetryPolicy.RetryPriority.newBuilder()
          .setName("envoy.retry_priorities.previous_priorities")
          .setTypedConfig(Any.pack(PreviousPrioritiesConfig.newBuilder()
              .setUpdateFrequency(retry.numAttemptsPerPriority()).build())));
    }
    if (retry.retryOn() != null) {
      if (!retry.retryOn().triggers().isEmpty()) {
        StringBuilder on = new StringBuilder();
        for (String trigger : retry.retryOn().triggers()) {
          if (!TRIGGERS.contains(trigger)) {
            throw new IllegalArgumentException("retryOn trigger: " + trigger
                + " (expected one of " + new java.util.TreeSet<>(TRIGGERS) + ")");
          }
          on.append(on.isEmpty() ? "" : ",").append(trigger);
        }
        p.setRetryOn(on.toString());
      }
      p.clearRetriableStatusCodes().addAllRetriableStatusCodes(retry.retryOn().httpStatusCodes());
    }
    if (retry.perRetry() != null) {
      if (retry.perRetry().timeout() != null) {
        p.setPerTryTimeout(retry.perRetry().timeout().toProto());
      }
      var backOff = retry.perRetry().backOff();
      if (backOff != null && (backOff.baseInterval() != null || backOff.maxInterval() != null)) {
        RetryPolicy.RetryBackOff.Builder b = RetryPolicy.RetryBackOff.newBuilder();
        if (backOff.baseInterval() != null) {
          b.setBaseInterval(backOff.baseInterval().toProto());
        }
        if (backOff.maxInterval() != null) {
          b.setMaxInterval(backOff.maxInterval().toProto());
        }
        p.setRetryBackOff(b);
      }
    }
    return p.build();
  }
}

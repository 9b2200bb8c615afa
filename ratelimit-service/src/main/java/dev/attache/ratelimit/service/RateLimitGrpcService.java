package dev.attache.ratelimit.service;

import static java.util.Objects.requireNonNull;

import dev.attache.ratelimit.metrics.RateLimitMetrics;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code envoy.service.ratelimit.v3.RateLimitService}. The handler never waits: with the memory
 * backend the answer is computed in the call, with Redis it is sent from the Redis client's
 * callback.
 */
public final class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {
  private final RateLimiter limiter;
  private final RateLimitMetrics metrics;

  public RateLimitGrpcService(RateLimiter limiter, RateLimitMetrics metrics) {
    this.limiter = requireNonNull(limiter, "limiter");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void shouldRateLimit(RateLimitRequest request, StreamObserver<RateLimitResponse> observer) {
    long start = System.nanoTime();
    limiter.shouldRateLimit(request).whenComplete((response, error) -> {
      metrics.responseTime().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (error == null) {
        observer.onNext(response);
        observer.onCompleted();
      } else {
        observer.onError(status(error).asRuntimeException());
      }
    });
  }

  static Status status(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof RateLimitCallException e) {
      return e.status();
    }
    return Status.INTERNAL.withDescription(String.valueOf(cause.getMessage())).withCause(cause);
  }
}

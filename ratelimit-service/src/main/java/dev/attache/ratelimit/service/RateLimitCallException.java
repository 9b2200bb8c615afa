package dev.attache.ratelimit.service;

import io.grpc.Status;

/** A ShouldRateLimit call that cannot be judged; the status says why (and goes to the caller). */
public final class RateLimitCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Status status;

  public RateLimitCallException(Status status) {
    super(status.getDescription(), status.getCause(), false, false);
    this.status = status;
  }

  public Status status() {
    return status;
  }
}

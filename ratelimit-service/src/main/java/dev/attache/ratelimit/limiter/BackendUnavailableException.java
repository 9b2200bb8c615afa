package dev.attache.ratelimit.limiter;

/** The counter store cannot answer (Redis down, timed out, refused); callers get UNAVAILABLE. */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

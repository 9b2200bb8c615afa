package dev.attache.extension.sdk;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;

/** Thrown by a hook to fail its call with a chosen gRPC status. */
public class HookException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;

  public HookException(Status.Code code, String message) {
    super(message);
    this.code = requireNonNull(code, "code");
  }

  public Status.Code code() {
    return code;
  }
}

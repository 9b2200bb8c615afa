package dev.attache.extension.client;

import io.grpc.Status;

/** A hook call failed: which extension, which hook, and the gRPC status it ended with. */
public final class HookCallException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String extension;
  private final String hook;
  private final transient Status status;

  public HookCallException(String extension, String hook, Status status) {
    super("extension " + extension + ": " + hook + " failed: " + status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription()));
    this.extension = extension;
    this.hook = hook;
    this.status = status;
  }

  public String extension() {
    return extension;
  }

  public String hook() {
    return hook;
  }

  public Status status() {
    return status;
  }
}

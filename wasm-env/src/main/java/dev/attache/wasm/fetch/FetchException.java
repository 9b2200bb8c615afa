package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

/**
 * A module could not be fetched. The message is written for a policy's status condition (Envoy
 * Gateway's wording where it has one) and never contains credentials.
 */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a fetch failed; decides the metric reason and whether a cached copy may stand in. */
  public enum Kind {
    /** The source could not be reached, timed out or answered with an error. */
    UNREACHABLE("download_error"),
    /** The registry refused the credentials (or their absence). */
    UNAUTHORIZED("manifest_error"),
    /** The manifest could not be read or has no Wasm layer Envoy Gateway accepts. */
    INVALID_IMAGE("manifest_error"),
    /** The downloaded bytes do not have the sha256 the policy names. */
    CHECKSUM_MISMATCH("checksum_mismatched"),
    /** The downloaded bytes are not a Wasm binary. */
    INVALID_MODULE("fetch_error"),
    /** The module is larger than the configured limit. */
    TOO_LARGE("fetch_error"),
    /** The URL or reference cannot be fetched at all (bad syntax, unsupported scheme). */
    INVALID_SOURCE("fetch_error");

    private final String metricReason;

    Kind(String metricReason) {
      this.metricReason = metricReason;
    }

    /** The {@code reason} label of {@code wasm_remote_fetch_total}, as Envoy Gateway's. */
    public String metricReason() {
      return metricReason;
    }
  }

  private final Kind kind;

  public FetchException(Kind kind, String message) {
    super(requireNonNull(message, "message"));
    this.kind = requireNonNull(kind, "kind");
  }

  public FetchException(Kind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.kind = requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** The same failure with a prefix naming the step, as Envoy Gateway wraps its errors. */
  public FetchException wrap(String prefix) {
    return new FetchException(kind, prefix + ": " + getMessage(), this);
  }
}

package dev.attache.wasm.status;

import static java.util.Objects.requireNonNull;

/**
 * A condition for an EnvoyExtensionPolicy's {@code status.ancestors[].conditions}.
 *
 * @param type {@code Accepted} or {@code Warning}
 * @param status {@code True} or {@code False}
 * @param reason CamelCase reason, e.g. {@code Invalid}
 * @param message human-readable detail
 */
public record PolicyCondition(String type, String status, String reason, String message) {
  public PolicyCondition {
    requireNonNull(type, "type");
    requireNonNull(status, "status");
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}

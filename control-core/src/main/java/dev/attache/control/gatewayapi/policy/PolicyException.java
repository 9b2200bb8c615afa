package dev.attache.control.gatewayapi.policy;

/** A policy setting that cannot be translated; the message is what the policy's status says. */
final class PolicyException extends Exception {
  PolicyException(String message) {
    super(message, null, false, false);
  }
}

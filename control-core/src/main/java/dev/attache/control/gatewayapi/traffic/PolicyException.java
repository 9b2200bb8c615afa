package dev.attache.control.gatewayapi.traffic;

/** A policy setting that cannot be translated; the message is what the policy's status says. */
public final class PolicyException extends Exception {
  public PolicyException(String message) {
    super(message, null, false, false);
  }
}

package dev.attache.wasm.status;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The status conditions Wasm problems put on an EnvoyExtensionPolicy, worded as Envoy Gateway
 * words them: its translator joins the errors of every {@code spec.wasm[]} entry with newlines,
 * prefixes {@code Wasm: }, capitalizes the first letter and ends the message with a period.
 */
public final class WasmStatus {
  public static final String TYPE_ACCEPTED = "Accepted";
  /** Envoy Gateway's condition type for accepted policies with issues that need attention. */
  public static final String TYPE_WARNING = "Warning";
  public static final String REASON_INVALID = "Invalid";
  /** Attaché's reason: a module is served from the cache because its source could not be checked. */
  public static final String REASON_STALE_MODULE = "WasmModuleStale";
  /** Envoy Gateway truncates condition messages to this many characters. */
  static final int MAX_MESSAGE = 32768;
  private static final String TRUNCATED = " (message truncated).";

  private WasmStatus() {}

  /**
   * {@code Accepted=False}, reason {@code Invalid}: what a policy gets when a Wasm module cannot
   * be served (bad digest, unreachable source, missing pull secret …).
   *
   * @param errors the error of each failed {@code spec.wasm[]} entry, in order
   */
  public static PolicyCondition invalid(List<String> errors) {
    requireNonNull(errors, "errors");
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: [] (expected: at least one)");
    }
    return new PolicyCondition(TYPE_ACCEPTED, "False", REASON_INVALID,
        conditionMessage("Wasm: " + String.join("\n", errors)));
  }

  /**
   * {@code Warning=True}, reason {@code WasmModuleStale}: the policy is accepted and its modules
   * are served, but some could not be checked against their source.
   */
  public static PolicyCondition stale(List<String> problems) {
    requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one)");
    }
    return new PolicyCondition(TYPE_WARNING, "True", REASON_STALE_MODULE,
        conditionMessage("Wasm: serving the module cached earlier because its source could not be checked: "
            + String.join("\n", problems)));
  }

  /**
   * Envoy Gateway's Error2ConditionMsg: the first letter upper-cased, a final period added,
   * truncated to {@value #MAX_MESSAGE} characters.
   */
  public static String conditionMessage(String error) {
    requireNonNull(error, "error");
    if (error.isEmpty()) {
      return error;
    }
    StringBuilder s = new StringBuilder(error);
    int first = s.codePointAt(0);
    if (Character.isLetter(first)) {
      s.replace(0, Character.charCount(first), new String(Character.toChars(Character.toUpperCase(first))));
    }
    if (s.charAt(s.length() - 1) != '.') {
      s.append('.');
    }
    if (s.length() > MAX_MESSAGE) {
      return s.substring(0, MAX_MESSAGE - TRUNCATED.length()) + TRUNCATED;
    }
    return s.toString();
  }
}

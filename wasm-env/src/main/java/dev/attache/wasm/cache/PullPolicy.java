package dev.attache.wasm.cache;

/**
 * When a module named without a sha256 is fetched again ({@code code.pullPolicy}). With a sha256
 * the cached module is used whenever it is present, as in Envoy Gateway.
 */
public enum PullPolicy {
  /** Not set: {@link #ALWAYS} for an image tagged {@code latest}, otherwise {@link #IF_NOT_PRESENT}. */
  UNSPECIFIED,
  /** Use the cached module while there is one. */
  IF_NOT_PRESENT,
  /**
   * Fetch again when the policy's resource version changes; if the source is then unreachable,
   * keep serving the cached module and report it.
   */
  ALWAYS;

  /** Parses the API's spelling ({@code IfNotPresent}, {@code Always}); null means unspecified. */
  public static PullPolicy fromApi(String value) {
    if (value == null || value.isEmpty()) {
      return UNSPECIFIED;
    }
    return switch (value) {
      case "IfNotPresent" -> IF_NOT_PRESENT;
      case "Always" -> ALWAYS;
      default -> throw new IllegalArgumentException("pullPolicy: " + value + " (expected: IfNotPresent or Always)");
    };
  }
}

package dev.attache.control.extension;

/**
 * An extension hook call that failed: which extension, which hook, on which resource, why, and
 * what was done about it.
 */
public record HookFailure(String extension, XdsHook hook, String resource, String message,
    ConfiguredExtension.FailureMode handledAs) {
  @Override
  public String toString() {
    return "extension \"" + extension + "\": " + hook.configName() + " hook failed on " + resource + ": " + message
        + " (" + switch (handledAs) {
          case FAIL_CLOSED -> "answering 500";
          case FAIL_OPEN -> "kept unmodified";
          case KEEP_LAST_GOOD -> "keeping the last good snapshot";
        } + ")";
  }
}

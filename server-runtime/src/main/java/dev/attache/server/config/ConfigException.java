package dev.attache.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration a user wrote cannot be used. The message names the file (when one is to blame),
 * the object and the field, and what was expected; it never carries secret values.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String detail;

  public ConfigException(Path file, String detail) {
    super(file == null ? detail : file + ": " + detail);
    this.file = file;
    this.detail = detail;
  }

  public ConfigException(Path file, String detail, Throwable cause) {
    super(file == null ? detail : file + ": " + detail, cause);
    this.file = file;
    this.detail = detail;
  }

  /** The file to blame, when the problem lies in one file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The message without the file name. */
  public String detail() {
    return detail;
  }
}

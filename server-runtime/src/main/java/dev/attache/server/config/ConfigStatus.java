package dev.attache.server.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link ConfigWatcher} is serving and what happened on its last attempt.
 *
 * @param liveVersion sha256 (hex, 12 characters) of the files behind the live configuration, or
 *     empty when none has loaded yet
 * @param liveSince when the live configuration was loaded
 * @param liveFiles the files behind the live configuration
 * @param lastError the message of the last failed attempt after the live one, or empty
 * @param lastErrorFile the file blamed by that failure, or empty
 */
public record ConfigStatus(
    String liveVersion, Instant liveSince, List<Path> liveFiles, String lastError, String lastErrorFile) {

  public boolean hasLive() {
    return !liveVersion.isEmpty();
  }

  static ConfigStatus initial() {
    return new ConfigStatus("", Instant.EPOCH, List.of(), "", "");
  }
}

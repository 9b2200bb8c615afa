package dev.attache.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** One configuration file as read from disk: where it came from and its text. */
public record ConfigFile(Path path, String content) {
  public ConfigFile {
    requireNonNull(path, "path");
    requireNonNull(content, "content");
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A file events are written to. */
public record FileSink(
    @JsonProperty("path") String path) {
  public FileSink {
    path = path == null ? "" : path;
  }
}

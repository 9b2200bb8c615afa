package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A text access log to a file. */
public record TextAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("format") String format,
    @JsonProperty("path") String path,
    @JsonProperty("logType") String logType) {
  public TextAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    path = path == null ? "" : path;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A JSON access log to a file. */
public record JsonAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("json") List<MapEntry> json,
    @JsonProperty("path") String path,
    @JsonProperty("logType") String logType) {
  public JsonAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    json = json == null ? List.of() : List.copyOf(json);
    path = path == null ? "" : path;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where health-check events are logged. */
public record HealthCheckLog(
    @JsonProperty("fileSinks") List<FileSink> fileSinks,
    @JsonProperty("alwaysLogHealthCheckFailures") boolean alwaysLogHealthCheckFailures,
    @JsonProperty("alwaysLogHealthCheckSuccess") boolean alwaysLogHealthCheckSuccess) {
  public HealthCheckLog {
    fileSinks = fileSinks == null ? List.of() : List.copyOf(fileSinks);
  }
}

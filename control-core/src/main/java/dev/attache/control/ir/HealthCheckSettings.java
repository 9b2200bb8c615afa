package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The path Envoy answers health checks on itself. */
public record HealthCheckSettings(
    @JsonProperty("path") String path) {
  public HealthCheckSettings {
    path = path == null ? "" : path;
  }
}

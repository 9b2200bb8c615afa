package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where spans go: OpenTelemetry, Zipkin or Datadog. */
public record TracingProvider(
    @JsonProperty("type") String type,
    @JsonProperty("host") String host,
    @JsonProperty("port") int port,
    @JsonProperty("serviceName") String serviceName,
    @JsonProperty("zipkin") ZipkinProvider zipkin,
    @JsonProperty("openTelemetry") OtelProvider openTelemetry) {
  public TracingProvider {
    type = type == null ? "" : type;
  }
}

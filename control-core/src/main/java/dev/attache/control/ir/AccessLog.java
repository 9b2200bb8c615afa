package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where and how Envoy writes access logs. */
public record AccessLog(
    @JsonProperty("text") List<TextAccessLog> text,
    @JsonProperty("json") List<JsonAccessLog> json,
    @JsonProperty("als") List<AlsAccessLog> als,
    @JsonProperty("openTelemetry") List<OtelAccessLog> openTelemetry) {
  public AccessLog {
    text = text == null ? List.of() : List.copyOf(text);
    json = json == null ? List.of() : List.copyOf(json);
    als = als == null ? List.of() : List.copyOf(als);
    openTelemetry = openTelemetry == null ? List.of() : List.copyOf(openTelemetry);
  }
}

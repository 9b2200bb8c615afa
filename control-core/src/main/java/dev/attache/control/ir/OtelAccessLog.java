package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An access log sent to an OpenTelemetry collector. */
public record OtelAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("authority") String authority,
    @JsonProperty("text") String text,
    @JsonProperty("attributes") List<MapEntry> attributes,
    @JsonProperty("resourceAttributes") List<MapEntry> resourceAttributes,
    @JsonProperty("headers") List<HttpHeader> headers,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("logType") String logType) {
  public OtelAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    authority = authority == null ? "" : authority;
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    resourceAttributes = resourceAttributes == null ? List.of() : List.copyOf(resourceAttributes);
    headers = headers == null ? List.of() : List.copyOf(headers);
  }
}

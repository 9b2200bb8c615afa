package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.gatewayapi.HTTPHeader;
import java.util.List;

/** An access log exported over OTLP. */
public record OpenTelemetryAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("authority") String authority,
    @JsonProperty("text") String text,
    @JsonProperty("attributes") List<MapEntry> attributes,
    @JsonProperty("resourceAttributes") List<MapEntry> resourceAttributes,
    @JsonProperty("headers") List<HTTPHeader> headers,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("logType") String logType) {
  public OpenTelemetryAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    resourceAttributes = resourceAttributes == null ? List.of() : List.copyOf(resourceAttributes);
    headers = headers == null ? List.of() : List.copyOf(headers);
  }
}

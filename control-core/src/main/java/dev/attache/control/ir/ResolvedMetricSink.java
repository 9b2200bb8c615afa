package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An OpenTelemetry metrics sink with its endpoint resolved to a destination. */
public record ResolvedMetricSink(
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("authority") String authority,
    @JsonProperty("headers") List<HttpHeader> headers,
    @JsonProperty("resourceAttributes") Map<String, String> resourceAttributes,
    @JsonProperty("reportCountersAsDeltas") boolean reportCountersAsDeltas,
    @JsonProperty("reportHistogramsAsDeltas") boolean reportHistogramsAsDeltas) {
  public ResolvedMetricSink {
    authority = authority == null ? "" : authority;
    headers = headers == null ? List.of() : List.copyOf(headers);
    resourceAttributes = resourceAttributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(resourceAttributes));
  }
}

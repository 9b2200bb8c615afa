package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Distributed tracing of an HTTP gateway: provider, sampling and tags. */
public record Tracing(
    @JsonProperty("serviceName") String serviceName,
    @JsonProperty("authority") String authority,
    @JsonProperty("samplingRate") Double samplingRate,
    @JsonProperty("clientSamplingRate") Double clientSamplingRate,
    @JsonProperty("overallSamplingRate") Double overallSamplingRate,
    @JsonProperty("customTags") List<CustomTagEntry> customTags,
    @JsonProperty("tags") List<MapEntry> tags,
    @JsonProperty("resourceAttributes") List<MapEntry> resourceAttributes,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("provider") TracingProvider provider,
    @JsonProperty("headers") List<HttpHeader> headers,
    @JsonProperty("spanName") SpanName spanName) {
  public Tracing {
    serviceName = serviceName == null ? "" : serviceName;
    authority = authority == null ? "" : authority;
    customTags = customTags == null ? List.of() : List.copyOf(customTags);
    tags = tags == null ? List.of() : List.copyOf(tags);
    resourceAttributes = resourceAttributes == null ? List.of() : List.copyOf(resourceAttributes);
    headers = headers == null ? List.of() : List.copyOf(headers);
  }
}

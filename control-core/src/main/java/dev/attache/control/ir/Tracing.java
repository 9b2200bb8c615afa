package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.envoygateway.CustomTag;
import dev.attache.control.resource.envoygateway.TracingProvider;
import dev.attache.control.resource.gatewayapi.HTTPHeader;
import java.util.List;

/** Request tracing of a gateway: the provider, where spans go, sampling and tags. */
public record Tracing(
    @JsonProperty("serviceName") String serviceName,
    @JsonProperty("authority") String authority,
    @JsonProperty("samplingRate") double samplingRate,
    @JsonProperty("clientSamplingRate") Double clientSamplingRate,
    @JsonProperty("overallSamplingRate") Double overallSamplingRate,
    @JsonProperty("customTags") List<CustomTagEntry> customTags,
    @JsonProperty("tags") List<MapEntry> tags,
    @JsonProperty("resourceAttributes") List<MapEntry> resourceAttributes,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("provider") TracingProvider provider,
    @JsonProperty("headers") List<HTTPHeader> headers,
    @JsonProperty("spanName") dev.attache.control.resource.envoygateway.TracingSpanName spanName) {
  public Tracing {
    customTags = customTags == null ? List.of() : List.copyOf(customTags);
    tags = tags == null ? List.of() : List.copyOf(tags);
    resourceAttributes = resourceAttributes == null ? List.of() : List.copyOf(resourceAttributes);
    headers = headers == null ? List.of() : List.copyOf(headers);
  }

  /** A custom tag by name. */
  public record CustomTagEntry(
      @JsonProperty("key") String key,
      @JsonProperty("value") CustomTag value) {
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** OpenTelemetry options. */
public record OtelProvider(
    @JsonProperty("headers") List<HttpHeader> headers,
    @JsonProperty("resourceAttributes") Map<String, String> resourceAttributes,
    @JsonProperty("sampler") OtelSampler sampler) {
  public OtelProvider {
    headers = headers == null ? List.of() : List.copyOf(headers);
    resourceAttributes = resourceAttributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(resourceAttributes));
  }
}

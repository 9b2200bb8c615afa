package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Tracing settings of a route. */
public record BackendTracing(
    @JsonProperty("samplingFraction") Fraction samplingFraction,
    @JsonProperty("clientSamplingFraction") Fraction clientSamplingFraction,
    @JsonProperty("overallSamplingFraction") Fraction overallSamplingFraction,
    @JsonProperty("customTags") List<CustomTagEntry> customTags,
    @JsonProperty("tags") List<MapEntry> tags,
    @JsonProperty("spanName") SpanName spanName) {
  public BackendTracing {
    customTags = customTags == null ? List.of() : List.copyOf(customTags);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}

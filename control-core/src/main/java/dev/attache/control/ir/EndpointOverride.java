package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where a request may name the endpoint it wants (a header), before load balancing. */
public record EndpointOverride(
    @JsonProperty("extractFrom") List<EndpointOverrideExtractFrom> extractFrom) {
  public EndpointOverride {
    extractFrom = extractFrom == null ? List.of() : List.copyOf(extractFrom);
  }
}

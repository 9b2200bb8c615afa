package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Endpoint selection overridden by a request header, before load balancing. */
public record EndpointOverride(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("extractFrom") List<EndpointOverrideExtractFrom> extractFrom) {
  public EndpointOverride {
    extractFrom = extractFrom == null ? List.of() : List.copyOf(extractFrom);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** An external processor the route's requests and responses go through. */
public record ExtProc(
    @JsonProperty("name") String name,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("authority") String authority,
    @JsonProperty("messageTimeout") GoDuration messageTimeout,
    @JsonProperty("shadowMode") Boolean shadowMode,
    @JsonProperty("failOpen") Boolean failOpen,
    @JsonProperty("requestHeaderProcessing") boolean requestHeaderProcessing,
    @JsonProperty("requestBodyProcessingMode") String requestBodyProcessingMode,
    @JsonProperty("responseHeaderProcessing") boolean responseHeaderProcessing,
    @JsonProperty("responseBodyProcessingMode") String responseBodyProcessingMode,
    @JsonProperty("requestAttributes") List<String> requestAttributes,
    @JsonProperty("responseAttributes") List<String> responseAttributes,
    @JsonProperty("forwardingMetadataNamespaces") List<String> forwardingMetadataNamespaces,
    @JsonProperty("receivingMetadataNamespaces") List<String> receivingMetadataNamespaces,
    @JsonProperty("allowModeOverride") boolean allowModeOverride,
    @JsonProperty("statusOnError") Integer statusOnError) {
  public ExtProc {
    name = name == null ? "" : name;
    authority = authority == null ? "" : authority;
    requestAttributes = requestAttributes == null ? List.of() : List.copyOf(requestAttributes);
    responseAttributes = responseAttributes == null ? List.of() : List.copyOf(responseAttributes);
    forwardingMetadataNamespaces = forwardingMetadataNamespaces == null ? List.of() : List.copyOf(forwardingMetadataNamespaces);
    receivingMetadataNamespaces = receivingMetadataNamespaces == null ? List.of() : List.copyOf(receivingMetadataNamespaces);
  }
}

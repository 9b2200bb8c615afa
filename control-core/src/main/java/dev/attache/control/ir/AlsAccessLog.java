package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An access log sent to an Envoy gRPC access log service. */
public record AlsAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("name") String name,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("type") String type,
    @JsonProperty("text") String text,
    @JsonProperty("attributes") List<MapEntry> attributes,
    @JsonProperty("http") AlsHttp http,
    @JsonProperty("logType") String logType) {
  public AlsAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    name = name == null ? "" : name;
    type = type == null ? "" : type;
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An access log sent to a gRPC access log service. */
public record AlsAccessLog(
    @JsonProperty("celMatches") List<String> celMatches,
    @JsonProperty("name") String name,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("type") String type,
    @JsonProperty("text") String text,
    @JsonProperty("attributes") List<MapEntry> attributes,
    @JsonProperty("http") AlsAccessLogHttp http,
    @JsonProperty("logType") String logType) {
  public AlsAccessLog {
    celMatches = celMatches == null ? List.of() : List.copyOf(celMatches);
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An HTTP authorization service. */
public record HttpExtAuthService(
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("authority") String authority,
    @JsonProperty("path") String path,
    @JsonProperty("pathOverride") String pathOverride,
    @JsonProperty("headersToBackend") List<String> headersToBackend) {
  public HttpExtAuthService {
    authority = authority == null ? "" : authority;
    path = path == null ? "" : path;
    pathOverride = pathOverride == null ? "" : pathOverride;
    headersToBackend = headersToBackend == null ? List.of() : List.copyOf(headersToBackend);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** Cross-origin resource sharing of a route. */
public record Cors(
    @JsonProperty("allowOrigins") List<StringMatch> allowOrigins,
    @JsonProperty("allowMethods") List<String> allowMethods,
    @JsonProperty("allowHeaders") List<String> allowHeaders,
    @JsonProperty("exposeHeaders") List<String> exposeHeaders,
    @JsonProperty("maxAge") GoDuration maxAge,
    @JsonProperty("allowCredentials") boolean allowCredentials) {
  public Cors {
    allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
    allowMethods = allowMethods == null ? List.of() : List.copyOf(allowMethods);
    allowHeaders = allowHeaders == null ? List.of() : List.copyOf(allowHeaders);
    exposeHeaders = exposeHeaders == null ? List.of() : List.copyOf(exposeHeaders);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The headers and trailers an HTTP access log service entry carries. */
public record AlsAccessLogHttp(
    @JsonProperty("requestHeaders") List<String> requestHeaders,
    @JsonProperty("responseHeaders") List<String> responseHeaders,
    @JsonProperty("responseTrailers") List<String> responseTrailers) {
  public AlsAccessLogHttp {
    requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
    responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    responseTrailers = responseTrailers == null ? List.of() : List.copyOf(responseTrailers);
  }
}

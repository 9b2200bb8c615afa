package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Extra HTTP headers and trailers an access log service receives. */
public record AlsHttp(
    @JsonProperty("requestHeaders") List<String> requestHeaders,
    @JsonProperty("responseHeaders") List<String> responseHeaders,
    @JsonProperty("responseTrailers") List<String> responseTrailers) {
  public AlsHttp {
    requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
    responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    responseTrailers = responseTrailers == null ? List.of() : List.copyOf(responseTrailers);
  }
}

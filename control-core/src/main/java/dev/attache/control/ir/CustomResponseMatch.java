package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Status codes (any of) and response headers (all of) a response override matches. */
public record CustomResponseMatch(
    @JsonProperty("statusCodes") List<StatusCodeMatch> statusCodes,
    @JsonProperty("responseHeaders") List<StringMatch> responseHeaders) {
  public CustomResponseMatch {
    statusCodes = statusCodes == null ? List.of() : List.copyOf(statusCodes);
    responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
  }
}

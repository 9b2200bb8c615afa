package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A response Envoy answers itself. */
public record CustomResponse(
    @JsonProperty("contentType") String contentType,
    @JsonProperty("body") Bytes body,
    @JsonProperty("statusCode") Integer statusCode,
    @JsonProperty("addResponseHeaders") List<AddHeader> addResponseHeaders) {
  public CustomResponse {
    addResponseHeaders = addResponseHeaders == null ? List.of() : List.copyOf(addResponseHeaders);
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Buffering of whole request bodies before they are sent on, up to a size (a Kubernetes quantity). */
public record RequestBuffer(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("limit") String limit) {
  public RequestBuffer {
    limit = limit == null ? "" : limit;
  }
}

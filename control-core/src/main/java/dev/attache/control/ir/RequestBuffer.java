package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Buffering of whole requests before they are sent on, up to a size (a Kubernetes quantity). */
public record RequestBuffer(
    @JsonProperty("limit") String limit) {
  public RequestBuffer {
    limit = limit == null ? "" : limit;
  }
}

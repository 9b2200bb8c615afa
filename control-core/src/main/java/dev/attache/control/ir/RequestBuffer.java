package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.Quantity;

/** Buffering of whole request bodies before they are sent on, up to a size (a Kubernetes quantity). */
public record RequestBuffer(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("limit") Quantity limit) {
  private static final Quantity NONE = Quantity.of(0);

  public RequestBuffer {
    // as Go's zero resource.Quantity, which upstream's IR field is
    limit = limit == null ? NONE : limit;
  }
}

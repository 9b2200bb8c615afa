package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A tag value: a literal, an environment variable or a request header. */
public record CustomTag(
    @JsonProperty("type") String type,
    @JsonProperty("literal") LiteralTag literal,
    @JsonProperty("environment") ValueSourceTag environment,
    @JsonProperty("requestHeader") ValueSourceTag requestHeader) {
  public CustomTag {
    type = type == null ? "" : type;
  }
}

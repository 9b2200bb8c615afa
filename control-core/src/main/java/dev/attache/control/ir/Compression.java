package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A response compressor a route offers. */
public record Compression(
    @JsonProperty("type") String type,
    @JsonProperty("chooseFirst") boolean chooseFirst,
    @JsonProperty("minContentLength") Integer minContentLength) {
  public Compression {
    type = type == null ? "" : type;
  }
}

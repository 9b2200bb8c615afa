package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A header name and value. */
public record HttpHeader(
    @JsonProperty("name") String name,
    @JsonProperty("value") String value) {
  public HttpHeader {
    name = name == null ? "" : name;
    value = value == null ? "" : value;
  }
}

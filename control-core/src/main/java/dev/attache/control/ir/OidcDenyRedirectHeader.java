package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A header match: exact unless a type says otherwise. */
public record OidcDenyRedirectHeader(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("value") String value) {
  public OidcDenyRedirectHeader {
    name = name == null ? "" : name;
    value = value == null ? "" : value;
  }
}

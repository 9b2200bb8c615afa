package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A certificate revocation list. */
public record TlsCrl(
    @JsonProperty("name") String name,
    @JsonProperty("data") Bytes data,
    @JsonProperty("onlyVerifyLeafCertificate") boolean onlyVerifyLeafCertificate) {
  public TlsCrl {
    name = name == null ? "" : name;
  }
}

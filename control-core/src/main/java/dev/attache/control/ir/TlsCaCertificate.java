package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Trusted CA certificates, inline or from SDS. */
public record TlsCaCertificate(
    @JsonProperty("name") String name,
    @JsonProperty("certificate") Bytes certificate,
    @JsonProperty("sds") SdsConfig sds) {
  public TlsCaCertificate {
    name = name == null ? "" : name;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A certificate and key, inline or from SDS. */
public record TlsCertificate(
    @JsonProperty("name") String name,
    @JsonProperty("sds") SdsConfig sds,
    @JsonProperty("certificate") Bytes certificate,
    @JsonProperty("privateKey") Bytes privateKey,
    @JsonProperty("ocspStaple") Bytes ocspStaple) {
  public TlsCertificate {
    name = name == null ? "" : name;
  }
}

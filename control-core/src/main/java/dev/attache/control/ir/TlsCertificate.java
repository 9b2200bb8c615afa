package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A certificate and key, inline or from SDS. */
public record TlsCertificate(
    @JsonProperty("name") String name,
    @JsonProperty("sds") SdsConfig sds,
    @JsonProperty("certificate") Bytes certificate,
    @JsonProperty("privateKey") @JsonSerialize(using = Bytes.Redacting.class) Bytes privateKey,
    @JsonProperty("ocspStaple") Bytes ocspStaple) {
  public TlsCertificate {
    name = name == null ? "" : name;
  }
}

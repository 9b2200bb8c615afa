package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A credential injected into requests (into Authorization unless a header is named). */
public record CredentialInjection(
    @JsonProperty("name") String name,
    @JsonProperty("header") String header,
    @JsonProperty("overwrite") Boolean overwrite,
    @JsonProperty("credential") @JsonSerialize(using = Bytes.Redacting.class) Bytes credential) {
  public CredentialInjection {
    name = name == null ? "" : name;
  }
}

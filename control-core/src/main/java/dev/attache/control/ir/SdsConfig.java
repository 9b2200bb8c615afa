package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A secret served by an SDS server. */
public record SdsConfig(
    @JsonProperty("secretName") String secretName,
    @JsonProperty("scheme") String scheme,
    @JsonProperty("address") String address) {
  public SdsConfig {
    secretName = secretName == null ? "" : secretName;
    scheme = scheme == null ? "" : scheme;
    address = address == null ? "" : address;
  }
}

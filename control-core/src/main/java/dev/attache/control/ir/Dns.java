package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a backend's host names are resolved. */
public record Dns(
    @JsonProperty("dnsRefreshRate") String dnsRefreshRate,
    @JsonProperty("respectDnsTtl") Boolean respectDnsTtl,
    @JsonProperty("lookupFamily") String lookupFamily,
    @JsonProperty("name") String name) {
  public Dns {
    name = name == null ? "" : name;
  }
}

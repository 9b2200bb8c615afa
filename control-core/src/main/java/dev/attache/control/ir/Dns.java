package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** How a backend's host names are resolved. */
public record Dns(
    @JsonProperty("dnsRefreshRate") GoDuration dnsRefreshRate,
    @JsonProperty("respectDnsTtl") Boolean respectDnsTtl,
    @JsonProperty("lookupFamily") String lookupFamily,
    @JsonProperty("name") String name) {
  public Dns {
    name = name == null ? "" : name;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** X-Forwarded-For trust: by hop count or by trusted ranges. */
public record XForwardedFor(
    @JsonProperty("numTrustedHops") Integer numTrustedHops,
    @JsonProperty("trustedCIDRs") List<String> trustedCIDRs,
    @JsonProperty("disableXForwardedForAppend") Boolean disableXForwardedForAppend) {
  public XForwardedFor {
    trustedCIDRs = trustedCIDRs == null ? List.of() : List.copyOf(trustedCIDRs);
  }
}

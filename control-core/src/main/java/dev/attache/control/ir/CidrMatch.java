package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A client address range. */
public record CidrMatch(
    @JsonProperty("cidr") String cidr,
    @JsonProperty("maskLen") int maskLen,
    @JsonProperty("isIPv6") boolean isIPv6,
    @JsonProperty("distinct") boolean distinct,
    @JsonProperty("invert") boolean invert) {
  public CidrMatch {
    cidr = cidr == null ? "" : cidr;
  }
}

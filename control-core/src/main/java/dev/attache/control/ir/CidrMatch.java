package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A client address range. */
public record CidrMatch(
    @JsonProperty("cidr") String cidr,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("maskLen") int maskLen,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("isIPv6") boolean isIPv6,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("distinct") boolean distinct,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("invert") boolean invert) {
  public CidrMatch {
    cidr = cidr == null ? "" : cidr;
  }
}

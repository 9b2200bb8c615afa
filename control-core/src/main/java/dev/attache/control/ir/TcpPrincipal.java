package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The clients a rule matches. */
public record TcpPrincipal(
    @JsonProperty("clientCIDRs") List<CidrMatch> clientCIDRs) {
  public TcpPrincipal {
    clientCIDRs = clientCIDRs == null ? List.of() : List.copyOf(clientCIDRs);
  }
}

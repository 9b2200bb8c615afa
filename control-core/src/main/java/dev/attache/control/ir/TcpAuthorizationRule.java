package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One authorization rule: a name, Allow or Deny, and the client ranges. */
public record TcpAuthorizationRule(
    @JsonProperty("name") String name,
    @JsonProperty("action") String action,
    @JsonProperty("principal") TcpPrincipal principal) {
  public TcpAuthorizationRule {
    name = name == null ? "" : name;
    action = action == null ? "" : action;
  }
}

package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Which clients a TCP route admits, by address (SecurityPolicy authorization). */
public record TcpAuthorization(
    @JsonProperty("rules") List<TcpAuthorizationRule> rules,
    @JsonProperty("defaultAction") String defaultAction) {
  public TcpAuthorization {
    rules = rules == null ? List.of() : List.copyOf(rules);
    defaultAction = defaultAction == null ? "" : defaultAction;
  }
}

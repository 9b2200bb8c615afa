package dev.attache.authz.policy;

import dev.attache.authz.rules.CidrRange;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code spec.authorization}: rules in order, first match wins, else {@code defaultAction}. */
public record AuthorizationSpec(List<Rule> rules, Action defaultAction) {
  public AuthorizationSpec {
    rules = List.copyOf(rules);
  }

  /** What a matching rule (or the default) does. */
  public enum Action {
    ALLOW,
    DENY
  }

  /**
   * One rule; every part that is set must match.
   *
   * @param operation null matches every operation
   * @param principal null matches every client
   */
  public record Rule(String name, Action action, Operation operation, Principal principal) {}

  /**
   * {@code operation}: methods (any of, upper-case) and path.
   *
   * @param path null when the path is not matched
   */
  public record Operation(Set<String> methods, PathMatch path) {
    public Operation {
      methods = Set.copyOf(methods);
    }
  }

  /** {@code operation.path}: Exact, PathPrefix (default) or RegularExpression, optionally inverted. */
  public record PathMatch(PathMatchType type, String value, Pattern regex, boolean invert) {}

  /** How {@link PathMatch#value()} is compared with the request path (without its query). */
  public enum PathMatchType {
    EXACT,
    PATH_PREFIX,
    REGULAR_EXPRESSION
  }

  /**
   * {@code principal}: client CIDRs (any of), JWT claims and scopes, headers (all of).
   *
   * @param jwt null when the JWT is not matched
   */
  public record Principal(List<CidrRange> clientCidrs, JwtPrincipal jwt, List<HeaderMatch> headers) {
    public Principal {
      clientCidrs = List.copyOf(clientCidrs);
      headers = List.copyOf(headers);
    }
  }

  /** {@code principal.jwt}: claims (all of) and scopes (all of) of the token verified by {@code provider}. */
  public record JwtPrincipal(String provider, List<ClaimMatch> claims, List<String> scopes) {
    public JwtPrincipal {
      claims = List.copyOf(claims);
      scopes = List.copyOf(scopes);
    }
  }

  /** A claim at a dotted path whose value (String) or one of whose values (StringArray) is one of {@code values}. */
  public record ClaimMatch(String name, List<String> path, ClaimValueType valueType, List<String> values) {
    public ClaimMatch {
      path = List.copyOf(path);
      values = List.copyOf(values);
    }
  }

  /** {@code claims[].valueType}. */
  public enum ClaimValueType {
    STRING,
    STRING_ARRAY
  }

  /** A header (lower-case name) whose value is exactly one of {@code values}. */
  public record HeaderMatch(String name, List<String> values) {
    public HeaderMatch {
      values = List.copyOf(values);
    }
  }
}

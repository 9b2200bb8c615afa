package dev.attache.authz.policy;

import dev.attache.authz.policy.AuthorizationSpec.Action;
import dev.attache.authz.policy.AuthorizationSpec.ClaimMatch;
import dev.attache.authz.policy.AuthorizationSpec.ClaimValueType;
import dev.attache.authz.policy.AuthorizationSpec.HeaderMatch;
import dev.attache.authz.policy.AuthorizationSpec.JwtPrincipal;
import dev.attache.authz.policy.AuthorizationSpec.Operation;
import dev.attache.authz.policy.AuthorizationSpec.PathMatch;
import dev.attache.authz.policy.AuthorizationSpec.PathMatchType;
import dev.attache.authz.policy.AuthorizationSpec.Principal;
import dev.attache.authz.policy.AuthorizationSpec.Rule;
import dev.attache.authz.rules.CidrRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code spec.authorization}. Parts whose meaning authz-service cannot enforce (CEL,
 * GeoIP) are refused rather than ignored, since ignoring a condition changes the decision.
 */
final class AuthorizationReader {
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private final PolicyId id;

  AuthorizationReader(PolicyId id) {
    this.id = id;
  }

  AuthorizationSpec authorization(Fields f, JwtSpec jwt) {
    Action dflt = action(f, "defaultAction", Action.DENY);
    List<Rule> rules = new ArrayList<>();
    List<Fields> ruleFields = f.objectList("rules");
    for (int i = 0; i < ruleFields.size(); i++) {
      rules.add(rule(ruleFields.get(i), i, jwt));
    }
    f.done();
    return new AuthorizationSpec(rules, dflt);
  }

  private static Action action(Fields f, String field, Action dflt) {
    String a = f.optString(field);
    if (a == null) {
      if (dflt == null) {
        throw new FieldException(f.child(field), "required field is missing");
      }
      return dflt;
    }
    return switch (a) {
      case "Allow" -> Action.ALLOW;
      case "Deny" -> Action.DENY;
      default -> throw new FieldException(f.child(field), a + " (expected: Allow or Deny)");
    };
  }

  private Rule rule(Fields r, int index, JwtSpec jwt) {
    String name = r.optString("name");
    if (name == null || name.isEmpty()) {
      name = "securitypolicy/" + id + "/authorization/rule/" + index;
    }
    Action action = action(r, "action", null);
    if (r.has("cel")) {
      // Ignoring an expression would change decisions; refuse instead of guessing.
      throw new FieldException(r.child("cel"), "CEL expressions are not supported by authz-service");
    }
    r.raw("cel");
    Fields op = r.optObject("operation");
    Operation operation = op == null ? null : operation(op);
    Fields pr = r.optObject("principal");
    if (pr == null) {
      throw new FieldException(r.child("principal"), "required field is missing");
    }
    Principal principal = principal(pr, jwt);
    r.done();
    return new Rule(name, action, operation, principal);
  }

  private static Operation operation(Fields op) {
    Set<String> methods = new LinkedHashSet<>();
    for (String m : op.stringList("methods")) {
      String upper = m.toUpperCase(Locale.ROOT);
      if (!HTTP_METHODS.contains(m)) {
        throw new FieldException(op.child("methods"), m + " (expected: one of " + new java.util.TreeSet<>(HTTP_METHODS) + ")");
      }
      methods.add(upper);
    }
    Fields p = op.optObject("path");
    PathMatch path = null;
    if (p != null) {
      String type = p.optString("type");
      String value = p.optString("value");
      if (value == null) {
        value = "/";
      }
      boolean invert = p.bool("invert", false);
      PathMatchType t = switch (type == null ? "PathPrefix" : type) {
        case "Exact" -> PathMatchType.EXACT;
        case "PathPrefix" -> PathMatchType.PATH_PREFIX;
        case "RegularExpression" -> PathMatchType.REGULAR_EXPRESSION;
        default -> throw new FieldException(p.child("type"), type + " (expected: Exact, PathPrefix or RegularExpression)");
      };
      Pattern regex = null;
      if (t == PathMatchType.REGULAR_EXPRESSION) {
        try {
          regex = Pattern.compile(value);
        } catch (PatternSyntaxException e) {
          throw new FieldException(p.child("value"), "invalid regular expression: " + e.getDescription());
        }
      }
      p.done();
      path = new PathMatch(t, value, regex, invert);
    }
    if (methods.isEmpty() && path == null) {
      throw new FieldException(op.path(), "at least one of methods or path must be specified");
    }
    op.done();
    return new Operation(methods, path);
  }

  private static Principal principal(Fields pr, JwtSpec jwt) {
    if (pr.has("clientIPGeoLocations")) {
      throw new FieldException(pr.child("clientIPGeoLocations"), "GeoIP matching is not supported by authz-service");
    }
    pr.raw("clientIPGeoLocations");
    List<CidrRange> cidrs = new ArrayList<>();
    List<String> cidrTexts = pr.stringList("clientCIDRs");
    for (int i = 0; i < cidrTexts.size(); i++) {
      try {
        cidrs.add(CidrRange.parse(cidrTexts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new FieldException(pr.child("clientCIDRs") + "[" + i + "]", e.getMessage());
      }
    }
    Fields j = pr.optObject("jwt");
    JwtPrincipal jwtPrincipal = null;
    if (j != null) {
      String provider = j.nonEmptyString("provider");
      if (jwt == null || jwt.providers().stream().noneMatch(p -> p.name().equals(provider))) {
        throw new FieldException(j.child("provider"), "no JWT provider named " + provider + " in spec.jwt.providers");
      }
      List<ClaimMatch> claims = new ArrayList<>();
      for (Fields c : j.objectList("claims")) {
        String name = c.nonEmptyString("name");
        String vt = c.optString("valueType");
        ClaimValueType type = switch (vt == null ? "String" : vt) {
          case "String" -> ClaimValueType.STRING;
          case "StringArray" -> ClaimValueType.STRING_ARRAY;
          default -> throw new FieldException(c.child("valueType"), vt + " (expected: String or StringArray)");
        };
        List<String> values = c.stringList("values");
        if (values.isEmpty()) {
          throw new FieldException(c.child("values"), "at least one value is required");
        }
        c.done();
        claims.add(new ClaimMatch(name, List.of(name.split("\\.", -1)), type, values));
      }
      List<String> scopes = j.stringList("scopes");
      if (claims.isEmpty() && scopes.isEmpty()) {
        throw new FieldException(j.path(), "at least one of claims or scopes must be specified");
      }
      j.done();
      jwtPrincipal = new JwtPrincipal(provider, claims, scopes);
    }
    List<HeaderMatch> headers = new ArrayList<>();
    for (Fields h : pr.objectList("headers")) {
      String name = h.nonEmptyString("name").toLowerCase(Locale.ROOT);
      List<String> values = h.stringList("values");
      if (values.isEmpty()) {
        throw new FieldException(h.child("values"), "at least one value is required");
      }
      h.done();
      headers.add(new HeaderMatch(name, values));
    }
    if (cidrs.isEmpty() && jwtPrincipal == null && headers.isEmpty()) {
      throw new FieldException(pr.path(), "at least one of clientCIDRs, jwt or headers must be specified");
    }
    pr.done();
    return new Principal(cidrs, jwtPrincipal, headers);
  }
}

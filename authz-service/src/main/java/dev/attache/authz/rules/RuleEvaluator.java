package dev.attache.authz.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.authz.jwt.VerifiedToken;
import dev.attache.authz.policy.AuthorizationSpec;
import dev.attache.authz.policy.AuthorizationSpec.Action;
import dev.attache.authz.policy.AuthorizationSpec.ClaimMatch;
import dev.attache.authz.policy.AuthorizationSpec.HeaderMatch;
import dev.attache.authz.policy.AuthorizationSpec.JwtPrincipal;
import dev.attache.authz.policy.AuthorizationSpec.Operation;
import dev.attache.authz.policy.AuthorizationSpec.PathMatch;
import dev.attache.authz.policy.AuthorizationSpec.Principal;
import dev.attache.authz.policy.AuthorizationSpec.Rule;
import dev.attache.authz.request.HttpRequest;
import java.util.List;
import java.util.Locale;

/**
 * {@code spec.authorization} as Envoy Gateway compiles it into the RBAC matcher: rules in order,
 * the first whose every part matches decides; none matching gives {@code defaultAction}. The
 * source address is the request's downstream address; JWT claims are those of the token the named
 * provider verified, with {@code scope}/{@code scp} split on spaces.
 */
public final class RuleEvaluator {
  private final AuthorizationSpec spec;

  /** The action taken and the rule that took it (null for the default). */
  public record Verdict(Action action, String rule) {}

  public RuleEvaluator(AuthorizationSpec spec) {
    this.spec = spec;
  }

  public Verdict evaluate(HttpRequest request, List<VerifiedToken> tokens) {
    byte[] source = null;
    boolean sourceParsed = false;
    for (Rule rule : spec.rules()) {
      if (rule.operation() != null && !matches(rule.operation(), request)) {
        continue;
      }
      Principal p = rule.principal();
      if (p != null) {
        if (!p.clientCidrs().isEmpty()) {
          if (!sourceParsed) {
            source = CidrRange.parseAddress(request.sourceAddress());
            sourceParsed = true;
          }
          if (!anyContains(p.clientCidrs(), source)) {
            continue;
          }
        }
        if (p.jwt() != null && !matches(p.jwt(), tokens)) {
          continue;
        }
        if (!headersMatch(p.headers(), request)) {
          continue;
        }
      }
      return new Verdict(rule.action(), rule.name());
    }
    return new Verdict(spec.defaultAction(), null);
  }

  private static boolean anyContains(List<CidrRange> ranges, byte[] address) {
    for (CidrRange r : ranges) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Operation op, HttpRequest request) {
    if (!op.methods().isEmpty() && !op.methods().contains(request.method().toUpperCase(Locale.ROOT))) {
      return false;
    }
    PathMatch pm = op.path();
    if (pm != null) {
      String path = request.pathOnly();
      boolean m = switch (pm.type()) {
        case EXACT -> path.equals(pm.value());
        case PATH_PREFIX -> prefixMatches(path, pm.value());
        case REGULAR_EXPRESSION -> pm.regex().matcher(path).matches();
      };
      if (m == pm.invert()) {
        return false;
      }
    }
    return true;
  }

  /** Gateway API PathPrefix: whole segments, so {@code /foo} matches {@code /foo/bar} but not {@code /foobar}. */
  private static boolean prefixMatches(String path, String prefix) {
    String p = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (p.equals("/")) {
      return true;
    }
    return path.equals(p) || path.startsWith(p) && path.length() > p.length() && path.charAt(p.length()) == '/';
  }

  private static boolean headersMatch(List<HeaderMatch> headers, HttpRequest request) {
    for (HeaderMatch h : headers) {
      String v = request.header(h.name());
      if (v == null || !h.values().contains(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(JwtPrincipal jwt, List<VerifiedToken> tokens) {
    VerifiedToken token = null;
    for (VerifiedToken t : tokens) {
      if (t.provider().equals(jwt.provider())) {
        token = t;
        break;
      }
    }
    if (token == null) {
      return false;
    }
    for (String scope : jwt.scopes()) {
      if (!hasScope(token, "scope", scope) && !hasScope(token, "scp", scope)) {
        return false;
      }
    }
    for (ClaimMatch c : jwt.claims()) {
      JsonNode v = token.claims().at(c.path());
      if (v == null || !claimMatches(c, v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean claimMatches(ClaimMatch c, JsonNode v) {
    return switch (c.valueType()) {
      case STRING -> v.isTextual() && c.values().contains(v.textValue());
      case STRING_ARRAY -> {
        if (!v.isArray()) {
          yield false;
        }
        for (JsonNode item : v) {
          if (item.isTextual() && c.values().contains(item.textValue())) {
            yield true;
          }
        }
        yield false;
      }
    };
  }

  private static boolean hasScope(VerifiedToken token, String claim, String scope) {
    JsonNode v = token.claims().at(List.of(claim));
    if (v == null) {
      return false;
    }
    if (v.isTextual()) {
      for (String w : v.textValue().split(" ")) {
        if (w.equals(scope)) {
          return true;
        }
      }
      return false;
    }
    if (v.isArray()) {
      for (JsonNode item : v) {
        if (item.isTextual() && item.textValue().equals(scope)) {
          return true;
        }
      }
    }
    return false;
  }
}

package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.StringMatch;
import java.util.List;

/**
 * Orders each listener's routes by Gateway API match precedence, most specific first: exact
 * paths, then regular expressions, then prefixes; then longer paths, more header, cookie and
 * query matches (more exact ones first). Listeners that preserve route order are left alone.
 */
public final class RoutePrecedence {
  private RoutePrecedence() {}

  public static void sort(XdsDraft xds) {
    for (HttpListenerDraft l : xds.http) {
      if (!l.preserveRouteOrder) {
        // Envoy Gateway sorts with Reverse(less): a route goes first when it is "greater".
        GoStableSort.sort(l.routes, (a, b) -> less(b, a));
      }
    }
  }

  static boolean less(HttpRoute i, HttpRoute j) {
    StringMatch pi = i.pathMatch();
    StringMatch pj = j.pathMatch();
    if (pi != null) {
      if (pi.exact() != null && pj != null && (pj.safeRegex() != null || pj.prefix() != null)) {
        return false;
      }
      if (pi.safeRegex() != null && pj != null) {
        if (pj.exact() != null) {
          return true;
        }
        if (pj.prefix() != null) {
          return false;
        }
      }
      if (pi.prefix() != null && pj != null && (pj.exact() != null || pj.safeRegex() != null)) {
        return true;
      }
    }
    int ci = pathCount(pi);
    int cj = pathCount(pj);
    if (ci != cj) {
      return ci < cj;
    }
    int c = compare(i.headerMatches(), j.headerMatches());
    if (c != 0) {
      return c < 0;
    }
    c = compare(i.cookieMatches(), j.cookieMatches());
    if (c != 0) {
      return c < 0;
    }
    if (i.queryParamMatches().size() != j.queryParamMatches().size()) {
      return i.queryParamMatches().size() < j.queryParamMatches().size();
    }
    return exactCount(i.queryParamMatches()) < exactCount(j.queryParamMatches());
  }

  private static int compare(List<StringMatch> a, List<StringMatch> b) {
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    return Integer.compare(exactCount(a), exactCount(b));
  }

  private static int pathCount(StringMatch m) {
    if (m == null) {
      return 0;
    }
    if (m.exact() != null) {
      return m.exact().length();
    }
    if (m.safeRegex() != null) {
      return m.safeRegex().length();
    }
    if (m.prefix() != null) {
      return m.prefix().equals("/") ? 0 : m.prefix().length();
    }
    return 0;
  }

  private static int exactCount(List<StringMatch> matches) {
    int n = 0;
    for (StringMatch m : matches) {
      if (m != null && m.exact() != null) {
        n++;
      }
    }
    return n;
  }
}

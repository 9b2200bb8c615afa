package dev.attache.control.xds.translate;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.DestinationFilters;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.HttpUpgradeConfig;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.PathModifier;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.UrlRewrite;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;

/** An IR HTTP route as an Envoy route: match, action (forward, redirect, direct response). */
final class Routes {
  private static final GoDuration ONE_HOUR = GoDuration.ofSeconds(3600);

  private Routes() {}

  static Route build(HttpRoute r, HttpListener listener, HttpFeature.Context context) {
    Route.Builder route = Route.newBuilder().setName(r.name()).setMatch(match(r));
    if (r.metadata() != null) {
      route.setMetadata(XdsMetadata.of(r.metadata()));
    }
    route.addAllRequestHeadersToAdd(Matchers.headersToAdd(r.addRequestHeaders()));
    route.addAllRequestHeadersToRemove(r.removeRequestHeaders());
    route.addAllResponseHeadersToAdd(Matchers.headersToAdd(r.addResponseHeaders()));
    route.addAllResponseHeadersToRemove(r.removeResponseHeaders());
    if (r.directResponse() != null) {
      route.setDirectResponse(directResponse(r.directResponse()));
    } else if (r.redirect() != null) {
      route.setRedirect(redirect(r));
    } else {
      RouteAction.Builder action = action(r, context.backendClusters());
      if (r.urlRewrite() != null) {
        rewrite(action, r, r.urlRewrite());
      }
      Duration idle = idleTimeout(r, listener);
      if (idle != null) {
        action.setIdleTimeout(idle);
      }
      for (MirrorPolicy mirror : r.mirrors()) {
        RuntimeFractionalPercent percent = mirrorPercent(mirror);
        if (percent != null && mirror.destination() != null) {
          action.addRequestMirrorPolicies(RouteAction.RequestMirrorPolicy.newBuilder()
              .setCluster(mirror.destination().name()).setRuntimeFraction(percent)
              .setDisableShadowHostSuffixAppend(true));
        }
      }
      if (!r.isHTTP2()) {
        action.addAllUpgradeConfigs(upgrades(r.traffic()));
      }
      GoDuration timeout = requestTimeout(r);
      if (timeout != null) {
        action.setTimeout(timeout.toProto());
      }
      TrafficFeatures t = r.traffic();
      if (t != null && t.timeout() != null && t.timeout().http() != null
          && t.timeout().http().maxStreamDuration() != null) {
        action.setMaxStreamDuration(RouteAction.MaxStreamDuration.newBuilder()
            .setMaxStreamDuration(t.timeout().http().maxStreamDuration().toProto()));
      }
      if (t != null && t.loadBalancer() != null) {
        List<RouteAction.HashPolicy> hashing = hashPolicies(t.loadBalancer().consistentHash());
        action.addAllHashPolicy(hashing);
        if (!hashing.isEmpty() && action.hasWeightedClusters()) {
          NewerEnvoyFields.setMessage(action.getWeightedClustersBuilder(), "use_hash_policy",
              BoolValue.of(true));
        }
      }
      if (RetryPolicies.of(r) != null) {
        action.setRetryPolicy(RetryPolicies.build(RetryPolicies.of(r)));
      }
      route.setRoute(action);
    }
    if (r.traffic() != null && r.traffic().telemetry() != null
        && r.traffic().telemetry().tracing() != null) {
      route.setTracing(Tracing.route(r.traffic().telemetry().tracing()));
    }
    if (r.statName() != null) {
      route.setStatPrefix(r.statName());
    }
    for (HttpFeature feature : HttpFeatures.ORDERED) {
      feature.patchRoute(route, r, listener, context);
    }
    return route.build();
  }

  static RouteMatch match(HttpRoute r) {
    RouteMatch.Builder m = RouteMatch.newBuilder();
    boolean connect = r.traffic() != null && r.traffic().httpUpgrade().stream()
        .anyMatch(u -> u.type().equals("CONNECT"));
    if (connect) {
      m.setConnectMatcher(RouteMatch.ConnectMatcher.getDefaultInstance());
    } else {
      StringMatch path = r.pathMatch();
      if (path == null) {
        m.setPrefix("/");
      } else if (path.exact() != null) {
        m.setPath(path.exact());
      } else if (path.prefix() != null) {
        if (path.prefix().equals("/")) {
          m.setPrefix("/");
        } else {
          m.setPathSeparatedPrefix(trimSuffix(path.prefix(), "/"));
        }
      } else if (path.safeRegex() != null) {
        m.setSafeRegex(Matchers.regex(path.safeRegex()));
      }
    }
    for (StringMatch h : r.headerMatches()) {
      m.addHeaders(HeaderMatcher.newBuilder().setName(h.name()).setStringMatch(Matchers.string(h)));
    }
    for (StringMatch q : r.queryParamMatches()) {
      m.addQueryParameters(QueryParameterMatcher.newBuilder().setName(q.name())
          .setStringMatch(Matchers.string(q)));
    }
    for (StringMatch c : r.cookieMatches()) {
      var cookie = NewerEnvoyFields.newMessage(NewerEnvoyFields.ROUTE_PKG + "CookieMatcher");
      NewerEnvoyFields.set(cookie, "name", c.name());
      NewerEnvoyFields.set(cookie, "string_match", Matchers.string(c));
      if (Boolean.TRUE.equals(c.invert())) {
        NewerEnvoyFields.set(cookie, "invert_match", true);
      }
      NewerEnvoyFields.setMessage(m, "cookies", cookie.build());
    }
    return m.build();
  }

  /** Forward to one cluster, or to weighted clusters when the destination needs one per backend. */
  static RouteAction.Builder action(HttpRoute r, java.util.Set<String> backendClusters) {
    RouteDestination d = r.destination();
    List<dev.attache.control.ir.BackendClusterRef> refs = d.backendClusterRefs().stream()
        .filter(ref -> backendClusters.contains(ref.name())).toList();
    int clusterCount = refs.size() + (d.settings().isEmpty() ? 0 : 1);
    if (Destinations.needsClusterPerSetting(r) || clusterCount > 1) {
      return weighted(d, refs);
    }
    String cluster = d.name();
    if (refs.size() == 1) {
      cluster = refs.getFirst().name();
    }
    return RouteAction.newBuilder().setCluster(cluster);
  }

  private static RouteAction.Builder weighted(RouteDestination d,
      List<dev.attache.control.ir.BackendClusterRef> refs) {
    WeightedCluster.Builder wc = WeightedCluster.newBuilder();
    Destinations.Weights weights = Destinations.weights(d);
    if (weights.unavailable() > 0) {
      wc.addClusters(WeightedCluster.ClusterWeight.newBuilder().setName("invalid-backend-cluster")
          .setWeight(UInt32Value.of((int) weights.unavailable())));
    }
    for (DestinationSetting s : d.settings()) {
      if (!s.endpoints().isEmpty() || s.isDynamicResolver()) {
        WeightedCluster.ClusterWeight.Builder cw = WeightedCluster.ClusterWeight.newBuilder()
            .setName(s.name()).setWeight(UInt32Value.of(s.weight() == null ? 0 : s.weight()));
        DestinationFilters f = s.filters();
        if (f != null) {
          cw.addAllRequestHeadersToAdd(Matchers.headersToAdd(f.addRequestHeaders()));
          cw.addAllRequestHeadersToRemove(f.removeRequestHeaders());
          cw.addAllResponseHeadersToAdd(Matchers.headersToAdd(f.addResponseHeaders()));
          cw.addAllResponseHeadersToRemove(f.removeResponseHeaders());
          if (f.urlRewrite() != null && f.urlRewrite().host() != null
              && f.urlRewrite().host().name() != null) {
            cw.setHostRewriteLiteral(f.urlRewrite().host().name());
          }
        }
        wc.addClusters(cw);
      }
    }
    for (var ref : refs) {
      if (ref.weight() != null) {
        wc.addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(ref.name())
            .setWeight(UInt32Value.of(ref.weight())));
      }
    }
    return RouteAction.newBuilder()
        .setClusterNotFoundResponseCode(weights.noEndpoints() > 0
            ? RouteAction.ClusterNotFoundResponseCode.SERVICE_UNAVAILABLE
            : RouteAction.ClusterNotFoundResponseCode.INTERNAL_SERVER_ERROR)
        .setWeightedClusters(wc);
  }

  private static void rewrite(RouteAction.Builder action, HttpRoute r, UrlRewrite rewrite) {
    PathModifier path = rewrite.path();
    if (path != null) {
      if (path.fullReplace() != null) {
        action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
            .setPattern(Matchers.regex("^/.*$")).setSubstitution(path.fullReplace()));
      } else if (path.prefixMatchReplace() != null) {
        if (regexForPrefixReplace(r.pathMatch(), path.prefixMatchReplace())) {
          action.setRegexRewrite(prefixToRegex(r.pathMatch().prefix()));
        } else {
          action.setPrefixRewrite(trimSuffix(path.prefixMatchReplace(), "/"));
        }
      } else if (path.regexMatchReplace() != null) {
        action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
            .setPattern(Matchers.regex(path.regexMatchReplace().pattern()))
            .setSubstitution(path.regexMatchReplace().substitution()));
      }
    }
    if (rewrite.host() != null) {
      var host = rewrite.host();
      boolean dynamicResolver = r.destination() != null && r.destination().settings().size() == 1
          && r.destination().settings().getFirst().isDynamicResolver();
      if (host.name() != null) {
        action.setHostRewriteLiteral(host.name());
      } else if (host.header() != null) {
        action.setHostRewriteHeader(host.header());
      } else if (host.backend() != null && !dynamicResolver) {
        action.setAutoHostRewrite(BoolValue.of(true));
      } else if (host.pathRegex() != null) {
        action.setHostRewritePathRegex(RegexMatchAndSubstitute.newBuilder()
            .setPattern(Matchers.regex(host.pathRegex().pattern()))
            .setSubstitution(host.pathRegex().substitution()));
      }
      if (rewrite.appendXForwardedHost() == null || rewrite.appendXForwardedHost()) {
        action.setAppendXForwardedHost(true);
      }
    }
  }

  private static RedirectAction redirect(HttpRoute r) {
    Redirect redirect = r.redirect();
    RedirectAction.Builder out = RedirectAction.newBuilder();
    if (redirect.scheme() != null) {
      out.setSchemeRedirect(redirect.scheme());
    }
    PathModifier path = redirect.path();
    if (path != null) {
      if (path.fullReplace() != null) {
        out.setPathRedirect(path.fullReplace());
      } else if (path.prefixMatchReplace() != null) {
        if (regexForPrefixReplace(r.pathMatch(), path.prefixMatchReplace())) {
          out.setRegexRewrite(prefixToRegex(r.pathMatch().prefix()));
        } else {
          out.setPrefixRewrite(path.prefixMatchReplace());
        }
      }
    }
    if (redirect.hostname() != null) {
      out.setHostRedirect(redirect.hostname());
    }
    if (redirect.port() != null && redirect.port() != 80 && redirect.port() != 443) {
      out.setPortRedirect(redirect.port());
    }
    if (redirect.statusCode() != null) {
      switch (redirect.statusCode()) {
        case 302 -> out.setResponseCode(RedirectAction.RedirectResponseCode.FOUND);
        case 303 -> out.setResponseCode(RedirectAction.RedirectResponseCode.SEE_OTHER);
        case 307 -> out.setResponseCode(RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT);
        case 308 -> out.setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT);
        default -> { }
      }
    }
    return out.build();
  }

  private static boolean regexForPrefixReplace(StringMatch pathMatch, String replace) {
    return pathMatch != null && pathMatch.prefix() != null
        && (replace.isEmpty() || replace.equals("/"));
  }

  /** Strips a matched prefix and any slashes after it ({@code ^/prefix\/*} → {@code /}). */
  private static RegexMatchAndSubstitute prefixToRegex(String prefix) {
    return RegexMatchAndSubstitute.newBuilder()
        .setPattern(Matchers.regex("^" + goQuoteMeta(prefix) + "\\/*")).setSubstitution("/").build();
  }

  /** Go's regexp.QuoteMeta: escapes {@code \.+*?()|[]{}^$}. */
  static String goQuoteMeta(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  static DirectResponseAction directResponse(CustomResponse res) {
    DirectResponseAction.Builder out = DirectResponseAction.newBuilder();
    if (res.statusCode() != null) {
      out.setStatus(res.statusCode());
    }
    if (res.body() != null && res.body().length() > 0) {
      NewerEnvoyFields.setMessage(out, "body_format", SubstitutionFormatString.newBuilder()
          .setTextFormatSource(DataSource.newBuilder()
              .setInlineBytes(ByteString.copyFrom(res.body().toArray()))).build());
    }
    return out.build();
  }

  private static RuntimeFractionalPercent mirrorPercent(MirrorPolicy mirror) {
    if (mirror.percentage() == null) {
      return RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
          .setNumerator(100).setDenominator(FractionalPercent.DenominatorType.HUNDRED)).build();
    }
    float p = mirror.percentage().floatValue();
    if (p <= 0) {
      return null;
    }
    return RuntimeFractionalPercent.newBuilder().setDefaultValue(Percentages.fromFloat(p)).build();
  }

  private static List<RouteAction.UpgradeConfig> upgrades(TrafficFeatures traffic) {
    if (traffic != null && traffic.httpUpgrade().isEmpty() && traffic.requestBuffer() != null) {
      return List.of(); // a buffered request cannot be upgraded: the body is awaited first
    }
    if (traffic == null || traffic.httpUpgrade().isEmpty()) {
      return List.of(RouteAction.UpgradeConfig.newBuilder().setUpgradeType("websocket").build());
    }
    return traffic.httpUpgrade().stream().map(Routes::upgrade).toList();
  }

  private static RouteAction.UpgradeConfig upgrade(HttpUpgradeConfig u) {
    RouteAction.UpgradeConfig.Builder cfg = RouteAction.UpgradeConfig.newBuilder()
        .setUpgradeType(u.type());
    if (u.type().equals("CONNECT") && u.connect() != null && u.connect().terminate()) {
      cfg.setConnectConfig(RouteAction.UpgradeConfig.ConnectConfig.getDefaultInstance());
    }
    return cfg.build();
  }

  /** What consistent hashing hashes on: headers, else a cookie, the client IP, query params. */
  static List<RouteAction.HashPolicy> hashPolicies(dev.attache.control.ir.ConsistentHash ch) {
    if (ch == null) {
      return List.of();
    }
    List<RouteAction.HashPolicy> out = new java.util.ArrayList<>();
    if (!ch.headers().isEmpty()) {
      ch.headers().forEach(h -> out.add(RouteAction.HashPolicy.newBuilder().setHeader(
          RouteAction.HashPolicy.Header.newBuilder().setHeaderName(h.name())).build()));
    } else if (ch.cookie() != null) {
      RouteAction.HashPolicy.Cookie.Builder cookie = RouteAction.HashPolicy.Cookie.newBuilder()
          .setName(ch.cookie().name());
      if (ch.cookie().ttl() != null) {
        cookie.setTtl(ch.cookie().ttl().toProto());
      }
      ch.cookie().attributes().forEach((name, value) -> cookie.addAttributes(
          RouteAction.HashPolicy.CookieAttribute.newBuilder().setName(name).setValue(value)));
      out.add(RouteAction.HashPolicy.newBuilder().setCookie(cookie).build());
    } else if (ch.sourceIP() != null) {
      if (ch.sourceIP()) {
        out.add(RouteAction.HashPolicy.newBuilder().setConnectionProperties(
            RouteAction.HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true)).build());
      }
    } else {
      ch.queryParams().forEach(q -> out.add(RouteAction.HashPolicy.newBuilder().setQueryParameter(
          RouteAction.HashPolicy.QueryParameter.newBuilder().setName(q.name())).build()));
    }
    return out;
  }

  private static GoDuration requestTimeout(HttpRoute r) {
    if (r.timeout() != null) {
      return r.timeout();
    }
    TrafficFeatures t = r.traffic();
    if (t != null && t.timeout() != null && t.timeout().http() != null) {
      return t.timeout().http().requestTimeout();
    }
    return null;
  }

  /** At least an hour, longer when the request timeout is; none without a request timeout. */
  private static Duration idleTimeout(HttpRoute r, HttpListener listener) {
    TrafficFeatures t = r.traffic();
    if (t != null && t.timeout() != null && t.timeout().http() != null
        && t.timeout().http().streamIdleTimeout() != null) {
      return t.timeout().http().streamIdleTimeout().toProto();
    }
    if (listener.timeout() != null && listener.timeout().http() != null
        && listener.timeout().http().streamIdleTimeout() != null) {
      return null;
    }
    GoDuration request = requestTimeout(r);
    if (request == null) {
      return null;
    }
    if (request.isZero()) {
      return request.toProto();
    }
    return request.compareTo(ONE_HOUR) > 0 ? request.toProto() : ONE_HOUR.toProto();
  }

  private static String trimSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

}

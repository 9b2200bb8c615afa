package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.CidrMatch;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RateLimitRule;
import dev.attache.control.ir.RateLimitValue;
import dev.attache.control.ir.StringMatch;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.XRateLimitHeadersRFCVersion;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Local rate limiting: an {@code envoy.filters.http.local_ratelimit} filter on the listener and,
 * per route, a token bucket plus one descriptor (with its own bucket) per rule, keyed like the
 * global rate limit's descriptors.
 */
final class LocalRateLimit implements HttpFeature {
  static final String FILTER = "envoy.filters.http.local_ratelimit";
  private static final String STAT_PREFIX = "http_local_rate_limiter";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().noneMatch(LocalRateLimit::hasLocal)
        || hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(Any.pack(
        io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.newBuilder()
            .setStatPrefix(STAT_PREFIX).setMaxDynamicDescriptors(UInt32Value.of(10000)).build())));
  }

  private static boolean hasLocal(HttpRoute r) {
    return r.traffic() != null && r.traffic().rateLimit() != null
        && r.traffic().rateLimit().local() != null;
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (!hasLocal(irRoute) || !route.hasRoute()) {
      return;
    }
    var local = irRoute.traffic().rateLimit().local();
    var config = io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
        .newBuilder().setStatPrefix(STAT_PREFIX)
        .setTokenBucket(bucket(local.defaultLimit()))
        .setFilterEnabled(hundredPercent()).setFilterEnforced(hundredPercent())
        .setEnableXRatelimitHeaders("Off".equals(local.defaultXRateLimitOption())
            || (listener.headers() != null && listener.headers().disableRateLimitHeaders())
            ? XRateLimitHeadersRFCVersion.OFF : XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
        .setAlwaysConsumeDefaultTokenBucket(BoolValue.of(false));
    List<RateLimitRule> rules = local.rules();
    List<RateLimit> rateLimits = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      RateLimitRule rule = rules.get(r);
      List<StringMatch> methods = rule.methodMatches().isEmpty()
          ? Arrays.asList((StringMatch) null) : rule.methodMatches();
      for (StringMatch method : methods) {
        List<RateLimit.Action> actions = new ArrayList<>();
        List<RateLimitDescriptor.Entry> entries = new ArrayList<>();
        for (int m = 0; m < rule.headerMatches().size(); m++) {
          StringMatch h = rule.headerMatches().get(m);
          String d = RouteRateLimits.ruleDescriptor(r, m);
          if (h.distinct()) {
            actions.add(RateLimit.Action.newBuilder().setRequestHeaders(
                RateLimit.Action.RequestHeaders.newBuilder().setHeaderName(h.name())
                    .setDescriptorKey(d)).build());
            entries.add(RateLimitDescriptor.Entry.newBuilder().setKey(d).build());
          } else {
            actions.add(RouteRateLimits.headerValueMatch(d, h.name(), h,
                !Boolean.TRUE.equals(h.invert())));
            entries.add(entry(d, d));
          }
        }
        if (method != null) {
          String d = "rule-" + r + "-method";
          actions.add(RouteRateLimits.headerValueMatch(d, ":method", method,
              !Boolean.TRUE.equals(method.invert())));
          entries.add(entry(d, d));
        }
        if (rule.pathMatch() != null) {
          String d = "rule-" + r + "-path";
          actions.add(RouteRateLimits.headerValueMatch(d, ":path", rule.pathMatch(),
              !Boolean.TRUE.equals(rule.pathMatch().invert())));
          entries.add(entry(d, d));
        }
        CidrMatch cidr = rule.cidrMatch();
        if (cidr != null) {
          String masked = "rule-" + r + "-masked-remote-address";
          actions.add(RouteRateLimits.remoteAddress(masked, RouteRateLimits.cidrValue(cidr), cidr));
          entries.add(entry(masked, RouteRateLimits.cidrValue(cidr)));
          if (cidr.distinct()) {
            String remote = "rule-" + r + "-remote-address";
            actions.add(RouteRateLimits.remoteAddress(remote,
                "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", cidr));
            entries.add(RateLimitDescriptor.Entry.newBuilder().setKey(remote).build());
          }
        }
        int offset = rule.headerMatches().size();
        for (int m = 0; m < rule.queryParamMatches().size(); m++) {
          StringMatch q = rule.queryParamMatches().get(m);
          String d = RouteRateLimits.ruleDescriptor(r, offset + m);
          if (q.distinct()) {
            actions.add(RateLimit.Action.newBuilder().setQueryParameters(
                RateLimit.Action.QueryParameters.newBuilder().setDescriptorKey(d)
                    .setQueryParameterName(q.name())).build());
            entries.add(RateLimitDescriptor.Entry.newBuilder().setKey(d).build());
          } else {
            actions.add(RateLimit.Action.newBuilder().setQueryParameterValueMatch(
                RateLimit.Action.QueryParameterValueMatch.newBuilder().setDescriptorKey(d)
                    .setDescriptorValue(d)
                    .setExpectMatch(BoolValue.of(!Boolean.TRUE.equals(q.invert())))
                    .addQueryParameters(QueryParameterMatcher.newBuilder().setName(q.name())
                        .setStringMatch(Matchers.string(q)))).build());
            entries.add(entry(d, d));
          }
        }
        RateLimit.Builder limit = RateLimit.newBuilder().addAllActions(actions);
        int option = RouteRateLimits.xRateLimitOption(rule.xRateLimitOption());
        if (option != 0) {
          NewerEnvoyFields.setVarint(limit, "x_ratelimit_option", option);
        }
        rateLimits.add(limit.build());
        LocalRateLimitDescriptor.Builder descriptor = LocalRateLimitDescriptor.newBuilder()
            .addAllEntries(entries).setTokenBucket(bucket(rule.limit()));
        if (Boolean.TRUE.equals(rule.shadowMode())) {
          NewerEnvoyFields.setVarint(descriptor, "shadow_mode", 1);
        }
        config.addDescriptors(descriptor);
      }
    }
    // The actions live in the per-route filter config, not on the route action.
    config.addAllRateLimits(rateLimits);
    route.putTypedPerFilterConfig(FILTER, Any.pack(config.build()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}

  private static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }

  private static RuntimeFractionalPercent hundredPercent() {
    return RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
        .setNumerator(100).setDenominator(FractionalPercent.DenominatorType.HUNDRED)).build();
  }

  private static TokenBucket bucket(RateLimitValue value) {
    int requests = value == null || value.requests() == null ? 0 : value.requests().intValue();
    return TokenBucket.newBuilder().setMaxTokens(requests)
        .setTokensPerFill(UInt32Value.of(requests))
        .setFillInterval(Duration.newBuilder().setSeconds(
            unitSeconds(value == null ? null : value.unit()))).build();
  }

  /** Seconds per rate-limit unit (a month is 30 days, a year 365); 0 for an unknown unit. */
  static long unitSeconds(String unit) {
    if (unit == null) {
      return 0;
    }
    return switch (unit) {
      case "Second" -> 1;
      case "Minute" -> 60;
      case "Hour" -> 3600;
      case "Day" -> 86400;
      case "Week" -> 604800;
      case "Month" -> 2592000;
      case "Year" -> 31536000;
      default -> 0;
    };
  }
}

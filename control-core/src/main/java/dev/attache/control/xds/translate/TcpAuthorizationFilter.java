package dev.attache.control.xds.translate;

import com.github.xds.core.v3.TypedExtensionConfig;
import com.github.xds.type.matcher.v3.Matcher;
import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.CidrMatch;
import dev.attache.control.ir.TcpAuthorization;
import dev.attache.control.ir.TcpAuthorizationRule;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.rbac.v3.Action;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.matching.common_inputs.network.v3.SourceIPInput;
import io.envoyproxy.envoy.extensions.matching.input_matchers.ip.v3.Ip;

/**
 * Client-address authorization on a TCP route: Envoy's network RBAC filter with a matcher per
 * rule (first match wins) and the default action when none matches.
 */
final class TcpAuthorizationFilter {
  static final String NAME = "envoy.filters.network.rbac";

  private TcpAuthorizationFilter() {}

  static Filter build(String statPrefix, TcpAuthorization authorization) {
    Any allow = Any.pack(Action.newBuilder().setName("ALLOW").setAction(RBAC.Action.ALLOW).build());
    Any deny = Any.pack(Action.newBuilder().setName("DENY").setAction(RBAC.Action.DENY).build());
    Matcher.MatcherList.Builder list = Matcher.MatcherList.newBuilder();
    for (TcpAuthorizationRule rule : authorization.rules()) {
      Matcher.MatcherList.FieldMatcher.Builder field = Matcher.MatcherList.FieldMatcher.newBuilder()
          .setOnMatch(Matcher.OnMatch.newBuilder().setAction(TypedExtensionConfig.newBuilder()
              .setName(rule.name()).setTypedConfig("Deny".equals(rule.action()) ? deny : allow)));
      if (rule.principal() != null && !rule.principal().clientCIDRs().isEmpty()) {
        field.setPredicate(ipPredicate(rule.principal().clientCIDRs()));
      }
      list.addMatchers(field);
    }
    Matcher.Builder matcher = Matcher.newBuilder().setOnNoMatch(Matcher.OnMatch.newBuilder()
        .setAction(TypedExtensionConfig.newBuilder().setName("default")
            .setTypedConfig("Allow".equals(authorization.defaultAction()) ? allow : deny)));
    if (list.getMatchersCount() > 0) {
      matcher.setMatcherList(list);
    }
    return NetworkFilters.of(NAME,
        io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
            .setStatPrefix(statPrefix).setMatcher(matcher).build());
  }

  /** Matches the client's source address against the ranges. */
  static Matcher.MatcherList.Predicate ipPredicate(java.util.List<CidrMatch> cidrs) {
    Ip.Builder ip = Ip.newBuilder().setStatPrefix("client_ip");
    for (CidrMatch cidr : cidrs) {
      ip.addCidrRanges(CidrRange.newBuilder()
          .setAddressPrefix(RouteRateLimits.maskedAddress(cidr.cidr()))
          .setPrefixLen(UInt32Value.of(cidr.maskLen())));
    }
    return Matcher.MatcherList.Predicate.newBuilder().setSinglePredicate(
        Matcher.MatcherList.Predicate.SinglePredicate.newBuilder()
            .setInput(TypedExtensionConfig.newBuilder().setName("client_ip")
                .setTypedConfig(Any.pack(SourceIPInput.getDefaultInstance())))
            .setCustomMatch(TypedExtensionConfig.newBuilder().setName("ip_matcher")
                .setTypedConfig(Any.pack(ip.build())))).build();
  }
}

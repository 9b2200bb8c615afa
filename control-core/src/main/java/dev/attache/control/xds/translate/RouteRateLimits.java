package dev.attache.control.xds.translate;

import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.attache.control.ir.CidrMatch;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RateLimitCost;
import dev.attache.control.ir.RateLimitRule;
import dev.attache.control.ir.StringMatch;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's global rate-limit actions, grouped by rate-limit domain: the descriptors Envoy sends
 * to the rate-limit service, named exactly as Envoy Gateway names them ({@code rule-0-match-1}),
 * so that the service configuration ({@link RateLimitServiceConfig}) matches them.
 */
public final class RouteRateLimits {
  static final String MASKED_REMOTE_ADDRESS = "masked_remote_address";
  static final String REMOTE_ADDRESS = "remote_address";
  static final String INVERT_PREFIX = "invert:";

  private RouteRateLimits() {}

  static boolean hasGlobal(HttpRoute route) {
    return route.traffic() != null && route.traffic().rateLimit() != null
        && route.traffic().rateLimit().global() != null;
  }

  static boolean shared(RateLimitRule rule) {
    return Boolean.TRUE.equals(rule.shared());
  }

  /** The domain of a shared rule: its policy name ({@code ns/name/rule/0} → {@code ns/name}). */
  static String sharedDomain(String ruleName) {
    int i = ruleName.lastIndexOf("/rule/");
    return i >= 0 ? ruleName.substring(0, i) : ruleName.replaceFirst("/", "-");
  }

  /** The index of a rule among the rules of the same kind (shared or not) before it. */
  static int domainRuleIndex(List<RateLimitRule> rules, int index, boolean shared) {
    int count = 0;
    for (int i = 0; i < index; i++) {
      if (shared(rules.get(i)) == shared) {
        count++;
      }
    }
    return count;
  }

  static boolean matchSet(RateLimitRule r) {
    return !r.headerMatches().isEmpty() || r.pathMatch() != null || !r.methodMatches().isEmpty()
        || r.cidrMatch() != null || !r.queryParamMatches().isEmpty();
  }

  static String ruleDescriptor(int rule, int match) {
    return "rule-" + rule + "-match-" + match;
  }

  /** Rate limits of {@code route} by domain; the listener's name is the domain of unshared rules. */
  public static Map<String, List<RateLimit>> byDomain(String listenerName, HttpRoute route) {
    Map<String, List<RateLimit>> out = new LinkedHashMap<>();
    if (!hasGlobal(route)) {
      return out;
    }
    List<RateLimitRule> rules = route.traffic().rateLimit().global().rules();
    for (int r = 0; r < rules.size(); r++) {
      RateLimitRule rule = rules.get(r);
      boolean shared = shared(rule);
      String domain = shared ? sharedDomain(rule.name()) : listenerName;
      List<StringMatch> methods = rule.methodMatches().isEmpty()
          ? Arrays.asList((StringMatch) null) : rule.methodMatches();
      int ruleIdx = domainRuleIndex(rules, r, shared);
      for (StringMatch method : methods) {
        String key = shared ? rule.name() : route.name();
        List<RateLimit.Action> actions = new ArrayList<>();
        actions.add(RateLimit.Action.newBuilder().setGenericKey(RateLimit.Action.GenericKey
            .newBuilder().setDescriptorKey(key).setDescriptorValue(key)).build());
        for (int m = 0; m < rule.headerMatches().size(); m++) {
          StringMatch h = rule.headerMatches().get(m);
          String d = ruleDescriptor(ruleIdx, m);
          if (h.distinct()) {
            actions.add(RateLimit.Action.newBuilder().setRequestHeaders(
                RateLimit.Action.RequestHeaders.newBuilder().setHeaderName(h.name())
                    .setDescriptorKey(d)).build());
          } else {
            actions.add(headerValueMatch(d, h.name(), h, !Boolean.TRUE.equals(h.invert())));
          }
        }
        if (method != null) {
          actions.add(headerValueMatch("rule-" + ruleIdx + "-method", ":method", method,
              !Boolean.TRUE.equals(method.invert())));
        }
        if (rule.pathMatch() != null) {
          actions.add(headerValueMatch("rule-" + ruleIdx + "-path", ":path", rule.pathMatch(),
              !Boolean.TRUE.equals(rule.pathMatch().invert())));
        }
        if (rule.cidrMatch() != null) {
          CidrMatch c = rule.cidrMatch();
          actions.add(remoteAddress(MASKED_REMOTE_ADDRESS, cidrValue(c), c));
          if (c.distinct()) {
            actions.add(remoteAddress(REMOTE_ADDRESS, "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", c));
          }
        }
        int offset = rule.headerMatches().size();
        for (int m = 0; m < rule.queryParamMatches().size(); m++) {
          StringMatch q = rule.queryParamMatches().get(m);
          String d = ruleDescriptor(ruleIdx, offset + m);
          if (q.distinct()) {
            actions.add(RateLimit.Action.newBuilder().setQueryParameters(
                RateLimit.Action.QueryParameters.newBuilder().setDescriptorKey(d)
                    .setQueryParameterName(q.name())).build());
          } else {
            actions.add(RateLimit.Action.newBuilder().setQueryParameterValueMatch(
                RateLimit.Action.QueryParameterValueMatch.newBuilder().setDescriptorKey(d)
                    .setDescriptorValue(d)
                    .setExpectMatch(BoolValue.of(!Boolean.TRUE.equals(q.invert())))
                    .addQueryParameters(QueryParameterMatcher.newBuilder().setName(q.name())
                        .setStringMatch(Matchers.string(q)))).build());
          }
        }
        if (!matchSet(rule)) {
          String d = ruleDescriptor(ruleIdx, -1);
          actions.add(RateLimit.Action.newBuilder().setGenericKey(RateLimit.Action.GenericKey
              .newBuilder().setDescriptorKey(d).setDescriptorValue(d)).build());
        }
        RateLimit.Builder limit = RateLimit.newBuilder().addAllActions(actions);
        if (rule.limit() != null && rule.limit().fromMetadata() != null) {
          var md = rule.limit().fromMetadata();
          limit.setLimit(RateLimit.Override.newBuilder().setDynamicMetadata(
              RateLimit.Override.DynamicMetadata.newBuilder().setMetadataKey(
                  io.envoyproxy.envoy.type.metadata.v3.MetadataKey.newBuilder()
                      .setKey(md.namespace()).addPath(
                          io.envoyproxy.envoy.type.metadata.v3.MetadataKey.PathSegment
                              .newBuilder().setKey(md.key())))));
        }
        int option = xRateLimitOption(rule.xRateLimitOption());
        if (option != 0) {
          NewerEnvoyFields.setVarint(limit, "x_ratelimit_option", option);
        }
        if (rule.requestCost() != null) {
          limit.setHitsAddend(hitsAddend(rule.requestCost()));
        }
        List<RateLimit> list = out.computeIfAbsent(domain, k -> new ArrayList<>());
        list.add(limit.build());
        if (rule.responseCost() != null) {
          list.add(limit.clone().setApplyOnStreamDone(true)
              .setHitsAddend(hitsAddend(rule.responseCost())).build());
        }
      }
    }
    return out;
  }

  /** Envoy's RateLimit.XRateLimitOption number: 0 unspecified, 1 off, 2 draft 03. */
  static int xRateLimitOption(String option) {
    if (option == null) {
      return 0;
    }
    return switch (option) {
      case "Off" -> 1;
      case "DraftVersion03" -> 2;
      default -> 0;
    };
  }

  /** A remote_address_match action: the client address against the rule's CIDR. */
  static RateLimit.Action remoteAddress(String key, String value, CidrMatch c) {
    io.envoyproxy.envoy.type.matcher.v3.AddressMatcher.Builder matcher =
        io.envoyproxy.envoy.type.matcher.v3.AddressMatcher.newBuilder()
            .addRanges(com.github.xds.core.v3.CidrRange.newBuilder()
                .setAddressPrefix(maskedAddress(c.cidr()))
                .setPrefixLen(UInt32Value.of(c.maskLen())));
    if (c.invert()) {
      NewerEnvoyFields.setVarint(matcher, "invert_match", 1);
    }
    var match = NewerEnvoyFields.newMessage(
        NewerEnvoyFields.ROUTE_PKG + "RateLimit.Action.RemoteAddressMatch");
    NewerEnvoyFields.set(match, "descriptor_key", key);
    NewerEnvoyFields.set(match, "descriptor_value", value);
    NewerEnvoyFields.set(match, "address_matcher", matcher.build());
    RateLimit.Action.Builder action = RateLimit.Action.newBuilder();
    NewerEnvoyFields.setMessage(action, "remote_address_match", match.build());
    return action.build();
  }

  static String cidrValue(CidrMatch c) {
    return c.invert() ? INVERT_PREFIX + c.cidr() : c.cidr();
  }

  static RateLimit.Action headerValueMatch(String descriptor, String header,
      StringMatch match, boolean expect) {
    return RateLimit.Action.newBuilder().setHeaderValueMatch(
        RateLimit.Action.HeaderValueMatch.newBuilder().setDescriptorKey(descriptor)
            .setDescriptorValue(descriptor).setExpectMatch(BoolValue.of(expect))
            .addHeaders(HeaderMatcher.newBuilder().setName(header)
                .setStringMatch(Matchers.string(match)))).build();
  }

  /** The network address of a CIDR ({@code 10.1.2.3/8} → {@code 10.0.0.0}). */
  static String maskedAddress(String cidr) {
    try {
      int slash = cidr.indexOf('/');
      java.net.InetAddress addr = java.net.InetAddress.getByName(cidr.substring(0, slash));
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      byte[] b = addr.getAddress();
      for (int i = 0; i < b.length; i++) {
        int keep = Math.max(0, Math.min(8, bits - i * 8));
        b[i] = (byte) (b[i] & (0xFF << (8 - keep)));
      }
      String text = java.net.InetAddress.getByAddress(b).getHostAddress();
      return b.length == 16 ? compressIpv6(b) : text;
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }

  private static String compressIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static RateLimit.HitsAddend hitsAddend(RateLimitCost cost) {
    RateLimit.HitsAddend.Builder out = RateLimit.HitsAddend.newBuilder();
    if (cost.number() != null) {
      out.setNumber(UInt64Value.of(cost.number()));
    }
    if (cost.format() != null) {
      out.setFormat(cost.format());
    }
    return out.build();
  }
}

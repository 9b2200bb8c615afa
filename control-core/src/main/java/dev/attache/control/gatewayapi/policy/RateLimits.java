package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.context.Re2;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.CidrMatch;
import dev.attache.control.ir.GlobalRateLimit;
import dev.attache.control.ir.LocalRateLimit;
import dev.attache.control.ir.RateLimit;
import dev.attache.control.ir.RateLimitCost;
import dev.attache.control.ir.RateLimitRule;
import dev.attache.control.ir.RateLimitValue;
import dev.attache.control.ir.RateLimitValueMetadata;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicy;
import dev.attache.control.resource.envoygateway.RateLimitCostSpecifier;
import dev.attache.control.resource.envoygateway.RateLimitSelectCondition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rate limits of a BackendTrafficPolicy in IR: local limits (counted by each Envoy, with a
 * route-level default) and global limits (counted by the rate-limit service), each rule named
 * {@code <policy-ns>/<policy-name>/rule/<index>}. As Envoy Gateway's {@code buildRateLimit}.
 */
final class RateLimits {
  private static final long MAX_UINT32 = 4294967295L;

  private RateLimits() {}

  static RateLimit build(BackendTrafficPolicy policy, boolean globalEnabled) throws PolicyException {
    var spec = policy.spec().rateLimit();
    if (spec.type() != null) {
      return switch (spec.type()) {
        case "Global" -> new RateLimit(global(policy, globalEnabled), null);
        case "Local" -> new RateLimit(null, local(policy));
        default -> throw new PolicyException("invalid rateLimit type: " + spec.type());
      };
    }
    LocalRateLimit local = spec.local() == null ? null : local(policy);
    GlobalRateLimit global = spec.global() == null ? null : global(policy, globalEnabled);
    return new RateLimit(global, local);
  }

  private static long unitSeconds(String unit) {
    return switch (unit == null ? "" : unit) {
      case "Second" -> 1;
      case "Minute" -> 60;
      case "Hour" -> 3600;
      case "Day" -> 86400;
      case "Month" -> 2592000;
      case "Year" -> 31536000;
      default -> 0;
    };
  }

  private static LocalRateLimit local(BackendTrafficPolicy policy) throws PolicyException {
    var local = policy.spec().rateLimit().local();
    if (local == null) {
      throw new PolicyException("local configuration empty for rateLimit");
    }
    var rules = local.rules() == null ? List.<dev.attache.control.resource.envoygateway.RateLimitRule>of()
        : local.rules();
    RateLimitValue defaultLimit = null;
    String defaultOption = null;
    for (var rule : rules) {
      if (rule.clientSelectors() == null || rule.clientSelectors().isEmpty()) {
        if (defaultLimit != null) {
          throw new PolicyException("local rateLimit can not have more than one rule without clientSelectors");
        }
        defaultLimit = new RateLimitValue(rule.limit().requests(), rule.limit().unit(), null);
        defaultOption = rule.xRateLimitHeaders();
      }
    }
    if (defaultLimit == null) {
      defaultLimit = new RateLimitValue(MAX_UINT32, "Second", null);
    }
    long defaultUnit = unitSeconds(defaultLimit.unit());
    for (var rule : rules) {
      long unit = unitSeconds(rule.limit().unit());
      if (defaultUnit == 0 || unit % defaultUnit != 0) {
        throw new PolicyException("local rateLimit rule limit unit must be a multiple of the default limit unit");
      }
    }
    List<RateLimitRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      var rule = rules.get(i);
      if (rule.clientSelectors() == null || rule.clientSelectors().isEmpty()) {
        continue;
      }
      out.add(rule(rule, ruleName(policy, i)));
    }
    return new LocalRateLimit(defaultLimit, out, defaultOption);
  }

  private static GlobalRateLimit global(BackendTrafficPolicy policy, boolean enabled) throws PolicyException {
    var global = policy.spec().rateLimit().global();
    if (global == null) {
      throw new PolicyException("global configuration empty for rateLimit");
    }
    if (!enabled) {
      throw new PolicyException("enable Ratelimit in the EnvoyGateway config to configure global rateLimit");
    }
    List<RateLimitRule> out = new ArrayList<>();
    var rules = global.rules() == null ? List.<dev.attache.control.resource.envoygateway.RateLimitRule>of()
        : global.rules();
    for (int i = 0; i < rules.size(); i++) {
      out.add(rule(rules.get(i), ruleName(policy, i)));
    }
    return new GlobalRateLimit(out);
  }

  private static String ruleName(BackendTrafficPolicy policy, int index) {
    return policy.namespace() + "/" + policy.name() + "/rule/" + index;
  }

  private static RateLimitRule rule(dev.attache.control.resource.envoygateway.RateLimitRule rule, String name)
      throws PolicyException {
    List<StringMatch> headers = new ArrayList<>();
    List<StringMatch> methods = new ArrayList<>();
    List<StringMatch> queryParams = new ArrayList<>();
    StringMatch path = null;
    CidrMatch cidr = null;
    for (RateLimitSelectCondition match : rule.clientSelectors() == null ? List.<RateLimitSelectCondition>of()
        : rule.clientSelectors()) {
      if (empty(match.headers()) && empty(match.methods()) && match.path() == null && match.sourceCIDR() == null
          && empty(match.queryParams())) {
        throw new PolicyException("unable to translate rateLimit. At least one of the header or method or path or "
            + "sourceCIDR or queryParameters must be specified");
      }
      for (var h : match.headers() == null ? List.<dev.attache.control.resource.envoygateway.HeaderMatch>of()
          : match.headers()) {
        String type = h.type();
        if ((type == null || type.equals("Exact")) && h.value() != null) {
          headers.add(new StringMatch(h.name(), h.value(), null, null, null, false, h.invert()));
        } else if ("RegularExpression".equals(type) && h.value() != null) {
          regex(h.value());
          headers.add(new StringMatch(h.name(), null, null, null, h.value(), false, h.invert()));
        } else if ("Distinct".equals(type) && h.value() == null) {
          if (Boolean.TRUE.equals(h.invert())) {
            throw new PolicyException("unable to translate rateLimit.Invert is not applicable for distinct header "
                + "match type");
          }
          headers.add(new StringMatch(h.name(), null, null, null, null, true, null));
        } else {
          throw new PolicyException("unable to translate rateLimit. Either the header.Type is not valid or the "
              + "header is missing a value");
        }
      }
      for (var m : match.methods() == null ? List.<dev.attache.control.resource.envoygateway.MethodMatch>of()
          : match.methods()) {
        methods.add(new StringMatch("", m.value(), null, null, null, false, m.invert()));
      }
      if (match.path() != null) {
        var p = match.path();
        String type = p.type() == null ? "PathPrefix" : p.type();
        String value = p.value() == null ? "" : p.value();
        path = switch (type) {
          case "PathPrefix" -> value.equals("/")
              ? new StringMatch("", null, value, null, null, false, p.invert())
              : new StringMatch("", null, null, null, pathSeparatedPrefix(value), false, p.invert());
          case "Exact" -> new StringMatch("", value, null, null, null, false, p.invert());
          case "RegularExpression" -> {
            regex(value);
            yield new StringMatch("", null, null, null, value, false, p.invert());
          }
          default -> throw new PolicyException("unable to translate rateLimit: invalid path type.");
        };
      }
      if (match.sourceCIDR() != null) {
        var s = match.sourceCIDR();
        cidr = cidr(s.value(), "Distinct".equals(s.type()), Boolean.TRUE.equals(s.invert()));
      }
      for (var q : match.queryParams() == null ? List.<dev.attache.control.resource.envoygateway.QueryParamMatch>of()
          : match.queryParams()) {
        if (q.name() == null || q.name().isEmpty()) {
          throw new PolicyException("name is required when QueryParamMatch is specified");
        }
        String type = q.type() == null ? "Exact" : q.type();
        switch (type) {
          case "Exact" -> {
            if (q.value() == null || q.value().isEmpty()) {
              throw new PolicyException("value is required for Exact query parameter match");
            }
            queryParams.add(new StringMatch(q.name(), q.value(), null, null, null, false, q.invert()));
          }
          case "RegularExpression" -> {
            if (q.value() == null || q.value().isEmpty()) {
              throw new PolicyException("value is required for RegularExpression query parameter match");
            }
            regex(q.value());
            queryParams.add(new StringMatch(q.name(), null, null, null, q.value(), false, q.invert()));
          }
          case "Distinct" -> {
            if (Boolean.TRUE.equals(q.invert())) {
              throw new PolicyException("unable to translate rateLimit.Invert is not applicable for distinct query "
                  + "parameter match type");
            }
            if (q.value() != null) {
              throw new PolicyException("unable to translate rateLimit.Value is not applicable for distinct query "
                  + "parameter match type");
            }
            queryParams.add(new StringMatch(q.name(), null, null, null, null, true, null));
          }
          default -> throw new PolicyException("invalid query parameter match type: " + type);
        }
      }
    }
    RateLimitValueMetadata fromMetadata = null;
    if (rule.limit().fromMetadata() != null) {
      fromMetadata = new RateLimitValueMetadata(rule.limit().fromMetadata().namespace(),
          rule.limit().fromMetadata().key());
    }
    RateLimitCost requestCost = null;
    RateLimitCost responseCost = null;
    if (rule.cost() != null) {
      requestCost = cost(rule.cost().request());
      responseCost = cost(rule.cost().response());
    }
    return new RateLimitRule(headers, path, methods, cidr, queryParams.isEmpty() ? null : queryParams,
        new RateLimitValue(rule.limit().requests(), rule.limit().unit(), fromMetadata), requestCost, responseCost,
        rule.shared(), rule.shadowMode(), rule.xRateLimitHeaders(), name);
  }

  private static RateLimitCost cost(RateLimitCostSpecifier c) {
    if (c == null) {
      return null;
    }
    String format = c.metadata() == null ? null
        : "%DYNAMIC_METADATA(" + c.metadata().namespace() + ":" + c.metadata().key() + ")%";
    return new RateLimitCost(c.number(), format);
  }

  private static boolean empty(List<?> l) {
    return l == null || l.isEmpty();
  }

  private static void regex(String value) throws PolicyException {
    String error = Re2.error(value);
    if (error != null) {
      throw new PolicyException(error);
    }
  }

  /** The regular expression matching a path-separated prefix (the prefix itself, or it followed by / ? # or ;). */
  static String pathSeparatedPrefix(String prefix) {
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return "^" + Re2.quoteMeta(trimmed) + "(/.*|\\?.*|#.*|;.*|$)";
  }

  /** A CIDR as Go's {@code net.ParseCIDR} reads it: the network address with its mask length. */
  static CidrMatch cidr(String text, boolean distinct, boolean invert) throws PolicyException {
    String value = text == null ? "" : text;
    int slash = value.indexOf('/');
    String error = "unable to translate rateLimit: invalid CIDR address: " + value;
    if (slash < 0) {
      throw new PolicyException(error);
    }
    String ip = value.substring(0, slash);
    String bits = value.substring(slash + 1);
    boolean v6 = ip.contains(":");
    if (!(v6 ? dev.attache.control.gatewayapi.context.IpAddresses.isIpv6(ip)
        : dev.attache.control.gatewayapi.context.IpAddresses.isIpv4(ip)) || !bits.matches("[0-9]{1,3}")) {
      throw new PolicyException(error);
    }
    int mask = Integer.parseInt(bits);
    if (mask > (v6 ? 128 : 32)) {
      throw new PolicyException(error);
    }
    byte[] addr;
    try {
      addr = InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new PolicyException(error);
    }
    boolean mappedV4 = v6 && addr.length == 4;
    for (int i = 0; i < addr.length; i++) {
      int keep = Math.max(0, Math.min(8, mask - 8 * i));
      addr[i] = (byte) (addr[i] & (0xff << (8 - keep)));
    }
    String network;
    if (addr.length == 4 && !mappedV4) {
      network = (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
    } else {
      try {
        network = compressV6(InetAddress.getByAddress(addr).getHostAddress());
      } catch (UnknownHostException e) {
        throw new PolicyException(error);
      }
    }
    return new CidrMatch(network + "/" + mask, mask, v6 && !mappedV4, distinct, invert);
  }

  /** Java prints IPv6 uncompressed ("0:0:…"); Go compresses the longest run of zero groups to "::". */
  private static String compressV6(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length;) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bestStart; i++) {
      sb.append(i > 0 ? ":" : "").append(groups[i]);
    }
    sb.append("::");
    for (int i = bestStart + bestLen; i < groups.length; i++) {
      sb.append(groups[i]).append(i < groups.length - 1 ? ":" : "");
    }
    return sb.toString();
  }
}

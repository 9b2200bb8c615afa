package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.ir.CidrMatch;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.RateLimitRule;
import dev.attache.control.ir.StringMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The envoyproxy/ratelimit configuration for the global rate limits of a set of HTTP listeners:
 * one config per domain (the listener, or the policy of shared rules), with descriptors nested
 * in the order {@link RouteRateLimits} sends them.
 */
public final class RateLimitServiceConfig {
  /** One ratelimit service config document. */
  public record Config(String name, String domain, List<Descriptor> descriptors) {}

  /** A descriptor with the limit at its leaf. */
  public static final class Descriptor {
    final String key;
    String value = "";
    Limit rateLimit;
    final List<Descriptor> descriptors = new ArrayList<>();
    boolean shadowMode;

    Descriptor(String key) {
      this.key = key;
    }

    Descriptor(String key, String value) {
      this.key = key;
      this.value = value;
    }

    boolean sameShape(Descriptor other) {
      if (!key.equals(other.key) || !value.equals(other.value)
          || descriptors.size() != other.descriptors.size()) {
        return false;
      }
      for (int i = 0; i < descriptors.size(); i++) {
        if (!descriptors.get(i).sameShape(other.descriptors.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Requests per unit. */
  public record Limit(long requestsPerUnit, String unit) {}

  private RateLimitServiceConfig() {}

  public static List<Config> build(List<HttpListener> listeners) {
    Map<String, List<Descriptor>> byDomain = new LinkedHashMap<>();
    for (HttpListener listener : listeners) {
      for (HttpRoute route : listener.routes()) {
        if (!RouteRateLimits.hasGlobal(route)) {
          continue;
        }
        List<RateLimitRule> rules = route.traffic().rateLimit().global().rules();
        for (int r = 0; r < rules.size(); r++) {
          RateLimitRule rule = rules.get(r);
          boolean shared = RouteRateLimits.shared(rule);
          String domain = shared ? RouteRateLimits.sharedDomain(rule.name()) : listener.name();
          String key = shared ? rule.name() : route.name();
          Descriptor descriptor = descriptor(rule, RouteRateLimits.domainRuleIndex(rules, r, shared));
          List<Descriptor> top = byDomain.computeIfAbsent(domain, d -> new ArrayList<>());
          Descriptor parent = top.stream().filter(d -> d.key.equals(key)).findFirst()
              .orElseGet(() -> {
                Descriptor d = new Descriptor(key, key);
                top.add(d);
                return d;
              });
          if (parent.descriptors.stream().noneMatch(d -> d.sameShape(descriptor))) {
            parent.descriptors.add(descriptor);
          }
        }
      }
    }
    return byDomain.entrySet().stream().filter(e -> !e.getValue().isEmpty())
        .map(e -> new Config(e.getKey(), e.getKey(), e.getValue()))
        .sorted(Comparator.comparing(Config::domain)).toList();
  }

  /** The descriptor chain of one rule, matching the actions of {@link RouteRateLimits}. */
  private static Descriptor descriptor(RateLimitRule rule, int ruleIdx) {
    boolean shadow = Boolean.TRUE.equals(rule.shadowMode());
    List<Descriptor> chain = new ArrayList<>();
    for (int m = 0; m < rule.headerMatches().size(); m++) {
      StringMatch h = rule.headerMatches().get(m);
      String d = RouteRateLimits.ruleDescriptor(ruleIdx, m);
      chain.add(h.distinct() ? new Descriptor(d) : new Descriptor(d, d));
    }
    if (!rule.methodMatches().isEmpty()) {
      String d = "rule-" + ruleIdx + "-method";
      chain.add(new Descriptor(d, d));
    }
    if (rule.pathMatch() != null) {
      String d = "rule-" + ruleIdx + "-path";
      chain.add(new Descriptor(d, d));
    }
    CidrMatch cidr = rule.cidrMatch();
    if (cidr != null) {
      chain.add(new Descriptor(RouteRateLimits.MASKED_REMOTE_ADDRESS,
          RouteRateLimits.cidrValue(cidr)));
      if (cidr.distinct()) {
        chain.add(new Descriptor(RouteRateLimits.REMOTE_ADDRESS));
      }
    }
    int offset = rule.headerMatches().size();
    for (int m = 0; m < rule.queryParamMatches().size(); m++) {
      StringMatch q = rule.queryParamMatches().get(m);
      String d = RouteRateLimits.ruleDescriptor(ruleIdx, offset + m);
      chain.add(q.distinct() ? new Descriptor(d) : new Descriptor(d, d));
    }
    if (!RouteRateLimits.matchSet(rule)) {
      String d = RouteRateLimits.ruleDescriptor(ruleIdx, -1);
      chain = new ArrayList<>(List.of(new Descriptor(d, d)));
    }
    for (int i = 0; i < chain.size(); i++) {
      chain.get(i).shadowMode = shadow;
      if (i > 0) {
        chain.get(i - 1).descriptors.add(chain.get(i));
      }
    }
    Descriptor leaf = chain.getLast();
    String unit = Objects.requireNonNullElse(rule.limit() == null ? null : rule.limit().unit(), "");
    leaf.rateLimit = new Limit(rule.limit() == null || rule.limit().requests() == null
        ? 0 : rule.limit().requests(), unit.toUpperCase(Locale.ROOT));
    return chain.getFirst();
  }

  /** The documents as envoyproxy/ratelimit's YAML config shape (snake_case, every field). */
  public static JsonNode toTree(List<Config> configs) {
    ArrayNode docs = JsonNodeFactory.instance.arrayNode();
    for (Config c : configs) {
      ObjectNode doc = docs.addObject();
      doc.put("name", c.name());
      doc.put("domain", c.domain());
      ArrayNode list = doc.putArray("descriptors");
      c.descriptors().forEach(d -> list.add(tree(d)));
    }
    return docs;
  }

  private static ObjectNode tree(Descriptor d) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("key", d.key);
    out.put("value", d.value);
    if (d.rateLimit == null) {
      out.putNull("rate_limit");
    } else {
      ObjectNode limit = out.putObject("rate_limit");
      limit.put("requests_per_unit", d.rateLimit.requestsPerUnit());
      limit.put("unit", d.rateLimit.unit());
      limit.put("unlimited", false);
      limit.put("name", "");
      limit.putArray("replaces");
    }
    ArrayNode children = out.putArray("descriptors");
    d.descriptors.forEach(child -> children.add(tree(child)));
    out.put("shadow_mode", d.shadowMode);
    out.put("quota_mode", false);
    out.put("detailed_metric", false);
    out.put("value_to_metric", false);
    out.put("share_threshold", false);
    return out;
  }
}

package dev.attache.control.xds.translate;

import com.github.xds.core.v3.TypedExtensionConfig;
import com.github.xds.type.matcher.v3.Matcher;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.rbac.v3.Action;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.common.dynamic_forward_proxy.v3.DnsCacheConfig;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.sni_dynamic_forward_proxy.v3.FilterConfig;
import io.envoyproxy.envoy.type.matcher.v3.HttpRequestHeaderMatchInput;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Locale;

/**
 * Backends resolved from the request itself (Backend with a dynamic resolver): a
 * dynamic-forward-proxy cluster with a DNS cache, and a guard that refuses loopback hosts, on
 * the HTTP path by {@code :authority} (or the host-rewrite header) and on the TLS path by SNI.
 */
final class DynamicForwardProxy implements HttpFeature {
  static final String LOOPBACK_FILTER = "envoy.filters.http.rbac.dfp_loopback_deny";
  static final String CLUSTER_TYPE = "envoy.clusters.dynamic_forward_proxy";
  private static final Duration DNS_REFRESH = Duration.newBuilder().setSeconds(30).build();
  private static final List<String> LOOPBACK_HOSTS = List.of(
      "^127\\.0\\.0\\.1(?::\\d+)?$", "^localhost(?::\\d+)?$", "^localhost\\.localdomain(?::\\d+)?$",
      "^ip6-localhost(?::\\d+)?$", "^ip6-loopback(?::\\d+)?$", "^\\[::1\\](?::\\d+)?$",
      "^::1(?::\\d+)?$");
  private static final String LOOPBACK_SNI =
      "(?i)^(localhost|localhost\\.localdomain|ip6-localhost|ip6-loopback|127\\.0\\.0\\.1|::1|\\[::1\\])\\.?$";

  static boolean isDynamicResolver(HttpRoute r) {
    return r.destination() != null && r.destination().settings().size() == 1
        && r.destination().settings().getFirst().isDynamicResolver();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().anyMatch(DynamicForwardProxy::isDynamicResolver)
        && hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(LOOPBACK_FILTER))) {
      hcm.addHttpFilters(0, HttpFilter.newBuilder().setName(LOOPBACK_FILTER).setTypedConfig(
          Any.pack(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDefaultInstance())));
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (!isDynamicResolver(irRoute)) {
      return;
    }
    var host = irRoute.urlRewrite() == null ? null : irRoute.urlRewrite().host();
    if (host != null && host.name() != null) {
      return; // a literal host cannot be a loopback chosen by the client
    }
    String header = host != null && host.header() != null ? host.header() : ":authority";
    Any headerInput = Any.pack(HttpRequestHeaderMatchInput.newBuilder().setHeaderName(header)
        .build());
    Matcher.MatcherList.Predicate.PredicateList.Builder any =
        Matcher.MatcherList.Predicate.PredicateList.newBuilder();
    for (String pattern : LOOPBACK_HOSTS) {
      any.addPredicate(Matcher.MatcherList.Predicate.newBuilder().setSinglePredicate(
          Matcher.MatcherList.Predicate.SinglePredicate.newBuilder()
              .setInput(TypedExtensionConfig.newBuilder().setName("http_header")
                  .setTypedConfig(headerInput))
              .setValueMatch(com.github.xds.type.matcher.v3.StringMatcher.newBuilder()
                  .setSafeRegex(com.github.xds.type.matcher.v3.RegexMatcher.newBuilder()
                      .setGoogleRe2(com.github.xds.type.matcher.v3.RegexMatcher.GoogleRE2
                          .getDefaultInstance())
                      .setRegex(pattern)))));
    }
    Matcher matcher = Matcher.newBuilder()
        .setMatcherList(Matcher.MatcherList.newBuilder().addMatchers(
            Matcher.MatcherList.FieldMatcher.newBuilder()
                .setPredicate(Matcher.MatcherList.Predicate.newBuilder().setOrMatcher(any))
                .setOnMatch(Matcher.OnMatch.newBuilder().setAction(TypedExtensionConfig.newBuilder()
                    .setName("deny-loopback-host").setTypedConfig(Any.pack(Action.newBuilder()
                        .setName("DENY").setAction(RBAC.Action.DENY).build()))))))
        .setOnNoMatch(Matcher.OnMatch.newBuilder().setAction(TypedExtensionConfig.newBuilder()
            .setName("default").setTypedConfig(Any.pack(Action.newBuilder().setName("ALLOW")
                .build()))))
        .build();
    route.putTypedPerFilterConfig(LOOPBACK_FILTER, Any.pack(RBACPerRoute.newBuilder().setRbac(
        io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder().setMatcher(matcher))
        .build()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}

  /** The DNS cache all dynamic-forward-proxy users with the same settings share. */
  static DnsCacheConfig dnsCache(Cluster.DnsLookupFamily family, dev.attache.control.ir.Dns dns) {
    Duration refresh = DNS_REFRESH;
    if (dns != null && dns.dnsRefreshRate() != null) {
      if (dns.dnsRefreshRate().nanos() > 0) {
        refresh = dns.dnsRefreshRate().toProto();
      }
    }
    long millis = refresh.getSeconds() * 1000 + refresh.getNanos() / 1_000_000;
    String suffix = dns != null && !dns.name().isEmpty() ? dns.name() : "default";
    String name = "envoy-gateway-dfp-cache-" + family.name().toLowerCase(Locale.ROOT) + "-"
        + millis + "ms-" + suffix;
    return DnsCacheConfig.newBuilder().setName(name).setDnsLookupFamily(family)
        .setDnsRefreshRate(refresh).build();
  }

  /** TLS passthrough to the server the client names: refuse loopback SNIs, then resolve it. */
  static List<Filter> sniFilters(String statPrefix, dev.attache.control.ir.Dns dns) {
    Filter rbac = NetworkFilters.of(TcpAuthorizationFilter.NAME,
        io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
            .setStatPrefix(statPrefix)
            .setRules(RBAC.newBuilder().setAction(RBAC.Action.DENY).putPolicies("deny-loopback-sni",
                Policy.newBuilder().addPermissions(Permission.newBuilder().setRequestedServerName(
                        StringMatcher.newBuilder().setSafeRegex(
                            RegexMatcher.newBuilder().setRegex(LOOPBACK_SNI))))
                    .addPrincipals(Principal.newBuilder().setAny(true)).build()))
            .build());
    Filter sni = NetworkFilters.of("envoy.filters.network.sni_dynamic_forward_proxy",
        FilterConfig.newBuilder()
            .setDnsCacheConfig(dnsCache(Clusters.dnsLookupFamily(null, dns), dns))
            .setPortValue(443).build());
    return List.of(rbac, sni);
  }
}

package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.UdpListenerDraft;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation;
import dev.attache.control.gatewayapi.traffic.Errors;
import dev.attache.control.gatewayapi.traffic.ListenerSettings;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.AdmissionControl;
import dev.attache.control.ir.AdmissionControlSuccessCriteria;
import dev.attache.control.ir.BackendCluster;
import dev.attache.control.ir.BackendMetrics;
import dev.attache.control.ir.BackendTelemetry;
import dev.attache.control.ir.BackendTracing;
import dev.attache.control.ir.BandwidthLimit;
import dev.attache.control.ir.BandwidthLimitConfig;
import dev.attache.control.ir.BandwidthLimitResponseTrailers;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.ClusterTrafficFeatures;
import dev.attache.control.ir.Compression;
import dev.attache.control.ir.ConnectConfig;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.CustomResponseMatch;
import dev.attache.control.ir.CustomTagEntry;
import dev.attache.control.ir.FaultAbort;
import dev.attache.control.ir.FaultDelay;
import dev.attache.control.ir.FaultInjection;
import dev.attache.control.ir.GrpcSuccessCriteria;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.HttpSuccessCriteria;
import dev.attache.control.ir.HttpTimeout;
import dev.attache.control.ir.HttpUpgradeConfig;
import dev.attache.control.ir.LiteralTag;
import dev.attache.control.ir.PathModifier;
import dev.attache.control.ir.PolicyMetadata;
import dev.attache.control.ir.RateLimit;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.RequestBuffer;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.ResponseOverride;
import dev.attache.control.ir.ResponseOverrideRule;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.SpanName;
import dev.attache.control.ir.StatusCodeMatch;
import dev.attache.control.ir.StatusCodeRange;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TcpRoute;
import dev.attache.control.ir.Timeout;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.UdpRoute;
import dev.attache.control.ir.ValueSourceTag;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicy;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicySpec;
import dev.attache.control.resource.meta.GoDuration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BackendTrafficPolicy: how a gateway talks to backends (load balancing, retries, timeouts,
 * circuit breaking, health checks, rate limits, fault injection, response overrides, compression
 * …). Policies on route rules win over policies on routes, which win over (ListenerSet)
 * listeners and Gateways; a route policy with a merge type merges into its parent's instead. As
 * Envoy Gateway's {@code ProcessBackendTrafficPolicies}.
 */
final class BackendTrafficPolicies extends ScopedPolicies<BackendTrafficPolicy> {
  static final String KIND = "BackendTrafficPolicy";
  private static final Map<String, String> MERGE_KEYS =
      Map.of("compression", "type", "compressor", "type", "httpUpgrade", "type", "rules", "name");
  private static final Pattern STAT_OPERATOR = Pattern.compile("%[^%]*%");
  private static final Set<String> ROUTE_STAT_OPERATORS =
      Set.of("%ROUTE_NAME%", "%ROUTE_NAMESPACE%", "%ROUTE_KIND%", "%ROUTE_RULE_NAME%");


  BackendTrafficPolicies(TranslationContext ctx, Gateways gateways) {
    super(ctx, gateways);
  }

  @Override
  String policyKind() {
    return KIND;
  }

  @Override
  List<BackendTrafficPolicy> policies() {
    return ctx.resources.backendTrafficPolicies();
  }

  @Override
  Targets targets(BackendTrafficPolicy p) {
    return new Targets(p.spec().targetRef(), p.spec().targetRefs(), p.spec().targetSelectors());
  }

  @Override
  String mergeType(BackendTrafficPolicy p) {
    return p.spec().mergeType();
  }

  @Override
  dev.attache.control.resource.gatewayapi.PolicyStatus existingStatus(BackendTrafficPolicy p) {
    return p.status();
  }

  @Override
  BackendTrafficPolicy withStatus(BackendTrafficPolicy p, dev.attache.control.resource.gatewayapi.PolicyStatus status) {
    return new BackendTrafficPolicy(p.apiVersion(), p.kind(), p.metadata(), p.spec(), status);
  }

  @Override
  Map<String, String> deprecatedFields(BackendTrafficPolicy policy) {
    Map<String, String> deprecated = new TreeMap<>();
    if (policy.spec().targetRef() != null) {
      deprecated.put("spec.targetRef", "spec.targetRefs");
    }
    if (policy.spec().compression() != null && !policy.spec().compression().isEmpty()) {
      deprecated.put("spec.compression", "spec.compressor");
    }
    return deprecated;
  }

  @Override
  String routeOverrideNoun() {
    return "backendTrafficPolicy";
  }

  @Override
  String scopeNoun() {
    return "backendTrafficPolicies";
  }

  @Override
  boolean gatewayDeprecationsFirst() {
    return true;
  }

  /** Traffic features and the error building them (a failed feature is left out, as upstream). */
  private record Built(TrafficFeatures features, String error) {}

  @Override
  String translateForRoute(BackendTrafficPolicy policy, RouteContext route, TargetRef target,
      ListenerContext listener) {
    Built built = build(policy, null);
    String listenerName = listener == null ? null : Names.listener(listener);
    if (listener != null) {
      applyToRoute(route, built, policy, target, gateways.ir().xds(listener.gateway()), listenerName);
    } else {
      for (XdsDraft xds : gateways.ir().allXds()) {
        applyToRoute(route, built, policy, target, xds, null);
      }
    }
    return built.error();
  }

  @Override
  String translateForRouteWithMerge(BackendTrafficPolicy policy, BackendTrafficPolicy parent, TargetRef target,
      ListenerContext listener, RouteContext route) {
    BackendTrafficPolicy mergedPolicy;
    try {
      mergedPolicy = PolicyMerge.merge(parent, policy, BackendTrafficPolicy.class, policy.spec().mergeType(),
          MERGE_KEYS);
    } catch (PolicyMerge.MergeException e) {
      return "error merging policies: " + e.getMessage();
    }
    String owner = policy.spec().responseOverride() != null && !policy.spec().responseOverride().isEmpty()
        ? policy.namespace() : parent.namespace();
    Built built = build(mergedPolicy, owner);
    TrafficFeatures tf = built.features();
    if (policy.spec().rateLimit() != null && parent.spec().rateLimit() != null) {
      RateLimit gw = build(parent, null).features().rateLimit();
      RateLimit rt = build(policy, null).features().rateLimit();
      if (gw != null && rt != null) {
        try {
          tf = withRateLimit(tf, PolicyMerge.merge(gw, rt, RateLimit.class, policy.spec().mergeType(), MERGE_KEYS));
        } catch (PolicyMerge.MergeException e) {
          return "error merging rate limits: " + e.getMessage();
        }
      }
    } else if (policy.spec().rateLimit() == null && parent.spec().rateLimit() != null) {
      RateLimit gw = build(parent, null).features().rateLimit();
      if (gw != null) {
        tf = withRateLimit(tf, gw);
      }
    }
    applyToRoute(route, new Built(tf, built.error()), mergedPolicy, target, gateways.ir().xds(listener.gateway()),
        Names.listener(listener));
    return built.error();
  }

  private static TrafficFeatures withRateLimit(TrafficFeatures t, RateLimit rl) {
    return t.toBuilder().rateLimit(rl).build();
  }

  private static TrafficFeatures withTimeout(TrafficFeatures t, Timeout timeout) {
    return t.toBuilder().timeout(timeout).build();
  }

  private static String routeStatName(TrafficFeatures tf) {
    return tf.telemetry() != null && tf.telemetry().metrics() != null && tf.telemetry().metrics().routeStatName() != null
        ? tf.telemetry().metrics().routeStatName() : "";
  }

  private static ResourceMetadata withPolicy(ResourceMetadata md, BackendTrafficPolicy policy) {
    if (md == null) {
      return null;
    }
    List<PolicyMetadata> policies = new ArrayList<>(md.policies() == null ? List.of() : md.policies());
    policies.add(new PolicyMetadata(KIND, policy.name(), policy.namespace()));
    return new ResourceMetadata(md.kind(), md.name(), md.namespace(), md.annotations(), md.sectionName(), policies);
  }

  private static String statName(String template, ResourceMetadata md) {
    if (template.isEmpty() || md == null) {
      return null;
    }
    String s = template.replace("%ROUTE_NAME%", md.name() == null ? "" : md.name())
        .replace("%ROUTE_NAMESPACE%", md.namespace() == null ? "" : md.namespace())
        .replace("%ROUTE_KIND%", md.kind() == null ? "" : md.kind());
    String section = md.sectionName();
    return s.replace("%ROUTE_RULE_NAME%", section == null || section.isEmpty() ? "-" : section);
  }

  private static String sectionOf(ResourceMetadata md) {
    return md == null || md.sectionName() == null ? "" : md.sectionName();
  }

  private void applyToRoute(RouteContext route, Built built, BackendTrafficPolicy policy, TargetRef target,
      XdsDraft xds, String listenerName) {
    TrafficFeatures tf = built.features();
    String routeStat = routeStatName(tf);
    String prefix = Names.routePrefix(route);
    for (TcpListenerDraft tcp : xds.tcp) {
      if (listenerName != null && !listenerName.equals(tcp.name)) {
        continue;
      }
      for (int i = 0; i < tcp.routes.size(); i++) {
        TcpRoute r = tcp.routes.get(i);
        var dest = r.destination();
        if (dest == null) {
          continue;
        }
        if (target.sectionName() != null && !target.sectionName().equals(sectionOf(dest.metadata()))) {
          continue;
        }
        if (dest.name().startsWith(prefix)) {
          ResourceMetadata md = withPolicy(r.metadata(), policy);
          tcp.routes.set(i, tcpWith(r, tf, true, statName(routeStat, r.metadata()), md));
          shareMetadata(xds, r.metadata(), md);
        }
      }
    }
    for (UdpListenerDraft udp : xds.udp) {
      if (listenerName != null && !listenerName.equals(udp.name)) {
        continue;
      }
      UdpRoute r = udp.route;
      if (r == null || r.destination() == null) {
        continue;
      }
      if (target.sectionName() != null && !target.sectionName().equals(sectionOf(r.destination().metadata()))) {
        continue;
      }
      if (r.destination().name().startsWith(prefix)) {
        udp.route = udpWith(r, tf);
      }
    }
    for (HttpListenerDraft http : xds.http) {
      if (listenerName != null && !listenerName.equals(http.name)) {
        continue;
      }
      http.routes.replaceAll(r -> {
        if (target.sectionName() != null && !target.sectionName().equals(sectionOf(r.metadata()))) {
          return r;
        }
        if (!r.name().startsWith(prefix) || r.traffic() != null || r.useClientProtocol() != null) {
          return r;
        }
        HttpRoute withStat = r.withStatName(statName(routeStat, r.metadata()));
        if (built.error() != null) {
          return withStat.withDirectResponse(new CustomResponse(null, null, 500, null));
        }
        return withTraffic(withStat, tf, policy, true);
      });
    }
  }

  /**
   * The route with the policy's traffic features (its own timeout, parsed again, winning),
   * client protocol and name in its metadata; {@code dropLoadReports} removes the backend
   * utilization headers unless the policy keeps them.
   */
  private static HttpRoute withTraffic(HttpRoute r, TrafficFeatures tf, BackendTrafficPolicy policy,
      boolean dropLoadReports) {
    HttpRoute out = r.withTraffic(tf);
    if (dropLoadReports && tf.loadBalancer() != null && tf.loadBalancer().backendUtilization() != null
        && !Boolean.TRUE.equals(tf.loadBalancer().backendUtilization().keepResponseHeaders())) {
      List<String> remove = new ArrayList<>(out.removeResponseHeaders());
      for (String h : List.of("endpoint-load-metrics", "endpoint-load-metrics-bin")) {
        if (!remove.contains(h)) {
          remove.add(h);
        }
      }
      out = out.withRemoveResponseHeaders(remove);
    }
    try {
      out = out.withTraffic(withTimeout(tf, ClusterSettingsTranslation.timeout(policy.spec().timeout())));
    } catch (PolicyException e) {
      // keep the features' timeout, as upstream
    }
    if (policy.spec().useClientProtocol() != null) {
      out = out.withUseClientProtocol(policy.spec().useClientProtocol());
    }
    return out.withMetadata(withPolicy(out.metadata(), policy));
  }

  /**
   * Envoy Gateway builds one metadata object per TLSRoute parent and shares it between the
   * route on each listener and its destination, so a policy named on one shows on all of them:
   * every place holding the very same {@code old} object takes {@code updated}.
   */
  private static void shareMetadata(XdsDraft xds, ResourceMetadata old, ResourceMetadata updated) {
    if (old == null) {
      return;
    }
    for (TcpListenerDraft tcp : xds.tcp) {
      for (int i = 0; i < tcp.routes.size(); i++) {
        TcpRoute r = tcp.routes.get(i);
        ResourceMetadata md = r.metadata() == old ? updated : r.metadata();
        RouteDestination dest = r.destination();
        if (dest != null && dest.metadata() == old) {
          dest = new RouteDestination(dest.name(), dest.statName(), dest.settings(), dest.backendClusterRefs(), updated);
        }
        if (md != r.metadata() || dest != r.destination()) {
          tcp.routes.set(i, new TcpRoute(r.dns(), r.name(), r.statName(), r.tls(), dest, r.tcpKeepalive(),
              r.loadBalancer(), r.timeout(), r.circuitBreaker(), md, r.backendConnection(), r.healthCheck(),
              r.proxyProtocol(), r.preconnect(), r.authorization()));
        }
      }
    }
  }

  private static TcpRoute tcpWith(TcpRoute r, TrafficFeatures tf, boolean withConnection, String statName,
      ResourceMetadata metadata) {
    return new TcpRoute(r.dns() != null ? r.dns() : tf.dns(), r.name(),
        r.statName() != null ? r.statName() : statName, r.tls(), r.destination(),
        r.tcpKeepalive() != null ? r.tcpKeepalive() : tf.tcpKeepalive(),
        r.loadBalancer() != null ? r.loadBalancer() : tf.loadBalancer(),
        r.timeout() != null ? r.timeout() : tf.timeout(),
        r.circuitBreaker() != null ? r.circuitBreaker() : tf.circuitBreaker(), metadata,
        r.backendConnection() != null || !withConnection ? r.backendConnection() : tf.backendConnection(),
        r.healthCheck() != null ? r.healthCheck() : tf.healthCheck(),
        r.proxyProtocol() != null ? r.proxyProtocol() : tf.proxyProtocol(), r.preconnect(), r.authorization());
  }

  private static UdpRoute udpWith(UdpRoute r, TrafficFeatures tf) {
    return new UdpRoute(r.dns() != null ? r.dns() : tf.dns(), r.name(), r.destination(),
        r.loadBalancer() != null ? r.loadBalancer() : tf.loadBalancer());
  }

  @Override
  String translateForListeners(BackendTrafficPolicy policy, GatewayContext gateway,
      List<ListenerContext> listeners, boolean applyToBackendClusters) {
    Built built = build(policy, null);
    TrafficFeatures tf = built.features();
    String routeStat = routeStatName(tf);
    XdsDraft xds = gateways.ir().xds(gateway);
    Set<String> names = new java.util.HashSet<>();
    for (ListenerContext l : listeners) {
      names.add(Names.listener(l));
    }
    for (TcpListenerDraft tcp : xds.tcp) {
      if (!names.contains(tcp.name)) {
        continue;
      }
      for (int i = 0; i < tcp.routes.size(); i++) {
        TcpRoute r = tcp.routes.get(i);
        ResourceMetadata md = withPolicy(r.metadata(), policy);
        tcp.routes.set(i, tcpWith(r, tf, false, statName(routeStat, r.metadata()), md));
        shareMetadata(xds, r.metadata(), md);
      }
    }
    for (UdpListenerDraft udp : xds.udp) {
      if (names.contains(udp.name) && udp.route != null) {
        udp.route = udpWith(udp.route, tf);
      }
    }
    for (HttpListenerDraft http : xds.http) {
      if (!names.contains(http.name)) {
        continue;
      }
      http.routes.replaceAll(r -> {
        if (r.traffic() != null || r.useClientProtocol() != null) {
          return r;
        }
        HttpRoute withStat = r.statName() == null ? r.withStatName(statName(routeStat, r.metadata())) : r;
        if (built.error() != null) {
          return withStat.withDirectResponse(new CustomResponse(null, null, 500, null));
        }
        return withTraffic(withStat, tf, policy, false);
      });
    }
    if (applyToBackendClusters && built.error() == null) {
      for (int i = 0; i < xds.backendClusters.size(); i++) {
        BackendCluster bc = xds.backendClusters.get(i);
        Timeout clusterTimeout = null;
        if (tf.timeout() != null) {
          HttpTimeout h = tf.timeout().http();
          clusterTimeout = new Timeout(tf.timeout().tcp(), h == null ? null
              : new HttpTimeout(h.connectionIdleTimeout(), h.maxConnectionDuration(), h.maxStreamDuration(), null, null));
        }
        xds.backendClusters.set(i, new BackendCluster(bc.name(), bc.setting(), bc.metadata(),
            policy.spec().useClientProtocol(), new ClusterTrafficFeatures(tf.dns(), tf.loadBalancer(),
                tf.proxyProtocol(), tf.healthCheck(), tf.circuitBreaker(), clusterTimeout, tf.tcpKeepalive(),
                tf.backendConnection(), tf.http2(), tf.admissionControl())));
      }
    }
    return built.error();
  }

  /** Builds every feature; a failing one is left out and its error joined, each prefixed with the feature. */
  private Built build(BackendTrafficPolicy policy, String responseOverrideNamespace) {
    BackendTrafficPolicySpec spec = policy.spec();
    Errors errs = new Errors();
    RateLimit rl = spec.rateLimit() != null
        ? errs.attempt("RateLimit", () -> RateLimits.build(policy, ctx.settings.globalRateLimitEnabled())) : null;
    BandwidthLimit bl = spec.bandwidthLimit() != null
        ? errs.attempt("BandwidthLimit", () -> bandwidthLimit(spec.bandwidthLimit())) : null;
    dev.attache.control.ir.LoadBalancer lb =
        errs.attempt("LoadBalancer", () -> ClusterSettingsTranslation.loadBalancer(spec.loadBalancer()));
    var pp = ClusterSettingsTranslation.proxyProtocol(spec.proxyProtocol());
    var hc = ClusterSettingsTranslation.healthCheck(spec.healthCheck());
    dev.attache.control.ir.CircuitBreaker cb =
        errs.attempt("CircuitBreaker", () -> ClusterSettingsTranslation.circuitBreaker(spec.circuitBreaker()));
    FaultInjection fi = faultInjection(spec.faultInjection());
    AdmissionControl ac = admissionControl(spec.admissionControl());
    dev.attache.control.ir.TcpKeepalive ka =
        errs.attempt("TCPKeepalive", () -> ListenerSettings.keepalive(spec.tcpKeepalive()));
    dev.attache.control.ir.Retry rt = errs.attempt("Retry", () -> ClusterSettingsTranslation.retry(spec.retry()));
    Timeout to = errs.attempt("Timeout", () -> ClusterSettingsTranslation.timeout(spec.timeout()));
    dev.attache.control.ir.BackendConnection bc =
        errs.attempt("BackendConnection", () -> ClusterSettingsTranslation.backendConnection(spec.connection()));
    dev.attache.control.ir.Http2Settings h2 = errs.attempt("HTTP2", () -> ListenerSettings.http2(spec.http2()));
    ResponseOverride ro =
        errs.attempt("ResponseOverride", () -> responseOverride(policy,
            responseOverrideNamespace == null ? policy.namespace() : responseOverrideNamespace));
    RequestBuffer rb = null;
    if (spec.requestBuffer() != null) {
      Long bytes = spec.requestBuffer().limit() == null ? null : spec.requestBuffer().limit().asLong();
      if (bytes == null) {
        errs.add("RequestBuffer: limit must be convertible to an int64");
      } else if (bytes < 0 || bytes > 4294967295L) {
        errs.add("RequestBuffer: limit value " + spec.requestBuffer().limit()
            + " is out of range, must be between 0 and 4294967295");
      } else {
        rb = new RequestBuffer(spec.requestBuffer().limit());
      }
    }
    if (spec.telemetry() != null && spec.telemetry().metrics() != null
        && spec.telemetry().metrics().routeStatName() != null && !spec.telemetry().metrics().routeStatName().isEmpty()) {
      String error = statNameError(spec.telemetry().metrics().routeStatName());
      if (error != null) {
        errs.add("Telemetry: unable to configure Route Stat Name: " + error);
      }
    }
    List<Compression> cp = compression(spec.compression(), spec.compressor());
    List<HttpUpgradeConfig> upgrades = httpUpgrade(spec.httpUpgrade());
    if (rb != null && upgrades != null && !upgrades.isEmpty()) {
      errs.add("RequestBuffer: requestBuffer cannot be used together with httpUpgrade");
    }
    var ds = ClusterSettingsTranslation.dns(spec.dns(), policy.namespace() + "/" + policy.name());
    TrafficFeatures tf = TrafficFeatures.builder().dns(ds).loadBalancer(lb).proxyProtocol(pp).http2(h2)
        .healthCheck(hc).circuitBreaker(cb).timeout(to).tcpKeepalive(ka).backendConnection(bc).rateLimit(rl)
        .retry(rt).httpUpgrade(upgrades).faultInjection(fi).compression(cp).bandwidthLimit(bl)
        .admissionControl(ac).responseOverride(ro).telemetry(telemetry(spec.telemetry())).requestBuffer(rb)
        .build();
    return new Built(tf, errs.isEmpty() ? null : errs.message());
  }

  private static String statNameError(String statName) {
    Matcher m = STAT_OPERATOR.matcher(statName);
    List<String> unsupported = new ArrayList<>();
    boolean any = false;
    while (m.find()) {
      any = true;
      if (!ROUTE_STAT_OPERATORS.contains(m.group())) {
        unsupported.add(m.group());
      }
    }
    if (!any && statName.contains("%")) {
      return "unable to configure stat name with invalid operator";
    }
    return unsupported.isEmpty() ? null : "unsupported operators: " + RouteTranslationLists.goList(unsupported);
  }

  private static BackendTelemetry telemetry(dev.attache.control.resource.envoygateway.BackendTelemetry t) {
    if (t == null) {
      return null;
    }
    BackendTracing tracing = null;
    if (t.tracing() != null) {
      var tr = t.tracing();
      List<CustomTagEntry> tags = null;
      if (tr.customTags() != null && !tr.customTags().isEmpty()) {
        tags = new ArrayList<>();
        for (var e : new TreeMap<>(tr.customTags()).entrySet()) {
          var v = e.getValue();
          tags.add(new CustomTagEntry(e.getKey(), new dev.attache.control.ir.CustomTag(v.type(),
              v.literal() == null ? null : new LiteralTag(v.literal().value()),
              v.environment() == null ? null : new ValueSourceTag(v.environment().name(), v.environment().defaultValue()),
              v.requestHeader() == null ? null
                  : new ValueSourceTag(v.requestHeader().name(), v.requestHeader().defaultValue()))));
        }
      }
      tracing = new BackendTracing(fraction(tr.samplingFraction()), fraction(tr.clientSamplingFraction()),
          fraction(tr.overallSamplingFraction()), tags,
          dev.attache.control.gatewayapi.context.ResourceMetadatas.entries(tr.tags()),
          tr.spanName() == null ? null : new SpanName(tr.spanName().client(), tr.spanName().server()));
    }
    BackendMetrics metrics = t.metrics() == null ? null : new BackendMetrics(t.metrics().routeStatName());
    return new BackendTelemetry(tracing, metrics);
  }

  private static dev.attache.control.ir.Fraction fraction(dev.attache.control.resource.gatewayapi.Fraction f) {
    return f == null ? null : new dev.attache.control.ir.Fraction(f.numerator(), f.denominator());
  }

  private static List<HttpUpgradeConfig> httpUpgrade(
      List<dev.attache.control.resource.envoygateway.ProtocolUpgradeConfig> cfgs) {
    if (cfgs == null || cfgs.isEmpty()) {
      return null;
    }
    List<HttpUpgradeConfig> out = new ArrayList<>();
    for (var c : cfgs) {
      out.add(new HttpUpgradeConfig(c.type(),
          c.connect() == null ? null : new ConnectConfig(Boolean.TRUE.equals(c.connect().terminate()))));
    }
    return out;
  }

  private static List<Compression> compression(List<dev.attache.control.resource.envoygateway.Compression> compression,
      List<dev.attache.control.resource.envoygateway.Compression> compressor) {
    if (compressor != null && !compressor.isEmpty()) {
      List<Compression> out = new ArrayList<>();
      for (int i = 0; i < compressor.size(); i++) {
        var c = compressor.get(i);
        boolean configured = ("Gzip".equals(c.type()) && c.gzip() != null)
            || ("Brotli".equals(c.type()) && c.brotli() != null) || ("Zstd".equals(c.type()) && c.zstd() != null);
        if (configured) {
          out.add(new Compression(c.type(), i == 0, minContentLength(c)));
        }
      }
      return out;
    }
    if (compression == null) {
      return null;
    }
    List<Compression> out = new ArrayList<>();
    for (int i = 0; i < compression.size(); i++) {
      var c = compression.get(i);
      out.add(new Compression(c.type(), i == 0, minContentLength(c)));
    }
    return out;
  }

  private static Integer minContentLength(dev.attache.control.resource.envoygateway.Compression c) {
    if (c.minContentLength() == null) {
      return null;
    }
    Long v = c.minContentLength().asLong();
    return v == null ? null : (int) (long) v;
  }

  private static FaultInjection faultInjection(dev.attache.control.resource.envoygateway.FaultInjection f) {
    if (f == null) {
      return null;
    }
    FaultDelay delay = null;
    if (f.delay() != null) {
      GoDuration fixed = GoDuration.ZERO;
      if (f.delay().fixedDelay() != null) {
        fixed = ClusterSettingsTranslation.goDuration(f.delay().fixedDelay());
        if (fixed == null) {
          return null;
        }
      }
      delay = new FaultDelay(fixed, f.delay().percentage());
    }
    FaultAbort abort = null;
    if (f.abort() != null) {
      abort = new FaultAbort(f.abort().httpStatus(), f.abort().grpcStatus(), f.abort().percentage());
    }
    return new FaultInjection(delay, abort);
  }

  private static AdmissionControl admissionControl(dev.attache.control.resource.envoygateway.AdmissionControl a) {
    if (a == null) {
      return null;
    }
    GoDuration window = a.samplingWindow() == null ? null : ClusterSettingsTranslation.goDuration(a.samplingWindow());
    AdmissionControlSuccessCriteria criteria = null;
    if (a.successCriteria() != null) {
      var s = a.successCriteria();
      criteria = new AdmissionControlSuccessCriteria(
          s.http() == null ? null : new HttpSuccessCriteria(s.http().statusCodes()),
          s.grpc() == null ? null : new GrpcSuccessCriteria(s.grpc().statusCodes()));
    }
    return new AdmissionControl(window, toInt(a.minSuccessRate()), toInt(a.rejectionAggression()),
        toInt(a.minRequestRate()), toInt(a.maxRejectionPercent()), criteria);
  }

  private static Integer toInt(Long v) {
    return v == null ? null : (int) (long) v;
  }

  private static BandwidthLimit bandwidthLimit(dev.attache.control.resource.envoygateway.BandwidthLimitSpec b)
      throws PolicyException {
    BandwidthLimitConfig request = null;
    BandwidthLimitConfig response = null;
    if (b.request() != null) {
      request = new BandwidthLimitConfig(kibps(b.request().limit(), "request"), null);
    }
    if (b.response() != null) {
      response = new BandwidthLimitConfig(kibps(b.response().limit(), "response"),
          b.response().responseTrailers() == null ? null
              : new BandwidthLimitResponseTrailers(b.response().responseTrailers().prefix()));
    }
    return new BandwidthLimit(request, response);
  }

  private static long kibps(dev.attache.control.resource.envoygateway.BandwidthLimitValue limit, String which)
      throws PolicyException {
    Long bytes = limit == null || limit.value() == null ? null : limit.value().asLong();
    if (bytes == null) {
      throw new PolicyException(which + " limit value must be convertible to an int64");
    }
    if (bytes < 0) {
      throw new PolicyException(which + " limit value must be positive");
    }
    String unit = limit.unit() == null ? "" : limit.unit();
    long seconds = switch (unit) {
      case "Minute" -> 60;
      case "Hour" -> 3600;
      default -> 1;
    };
    long k = bytes / (seconds * 1024);
    if (k == 0) {
      throw new PolicyException(which + ": bandwidth limit of " + bytes + " bytes per " + unit
          + " is below the minimum of 1 KiB/s");
    }
    return k;
  }

  private ResponseOverride responseOverride(BackendTrafficPolicy policy, String namespace) throws PolicyException {
    var overrides = policy.spec().responseOverride();
    if (overrides == null || overrides.isEmpty()) {
      return null;
    }
    String configName = "backendtrafficpolicy/" + policy.namespace() + "/" + policy.name();
    List<ResponseOverrideRule> rules = new ArrayList<>();
    for (int i = 0; i < overrides.size(); i++) {
      var ro = overrides.get(i);
      List<StatusCodeMatch> codes = new ArrayList<>();
      List<StringMatch> headers = new ArrayList<>();
      if (ro.match() != null) {
        for (var c : ro.match().statusCodes() == null
            ? List.<dev.attache.control.resource.envoygateway.StatusCodeMatch>of() : ro.match().statusCodes()) {
          if ("Range".equals(c.type())) {
            codes.add(new StatusCodeMatch(null, new StatusCodeRange(c.range().start(), c.range().end())));
          } else {
            codes.add(new StatusCodeMatch(c.value(), null));
          }
        }
        for (var h : ro.match().responseHeaders() == null
            ? List.<dev.attache.control.resource.envoygateway.ResponseOverrideHeaderMatch>of()
            : ro.match().responseHeaders()) {
          headers.add(ListenerSettings.stringMatch(h.name(), h.value()));
        }
      }
      CustomResponseMatch match = new CustomResponseMatch(codes, headers.isEmpty() ? null : headers);
      String name = configName + "/responseoverride/rule/" + i;
      String source = ro.source() == null ? null : ro.source();
      if (ro.redirect() != null) {
        var r = ro.redirect();
        PathModifier path = null;
        if (r.path() != null) {
          path = new PathModifier(r.path().replaceFullPath(), r.path().replacePrefixMatch(), null);
        }
        rules.add(new ResponseOverrideRule(name, match, null,
            new Redirect(r.scheme(), r.hostname(), path, r.port(), r.statusCode()), source));
      } else {
        var resp = ro.response();
        Bytes body = body(resp == null ? null : resp.body(), namespace);
        List<AddHeader> add = new ArrayList<>();
        if (resp != null && resp.header() != null) {
          if (resp.header().add() != null) {
            for (var h : resp.header().add()) {
              add.add(new AddHeader(h.name(), List.of(h.value()), true, false));
            }
          }
          if (resp.header().set() != null) {
            for (var h : resp.header().set()) {
              add.add(new AddHeader(h.name(), List.of(h.value()), false, false));
            }
          }
        }
        rules.add(new ResponseOverrideRule(name, match, new CustomResponse(resp == null ? null : resp.contentType(), body,
            resp == null ? null : resp.statusCode(), add), null, source));
      }
    }
    return new ResponseOverride(configName, rules);
  }

  private Bytes body(dev.attache.control.resource.envoygateway.CustomResponseBody body, String namespace)
      throws PolicyException {
    if (body == null) {
      return null;
    }
    if ("ValueRef".equals(body.type())) {
      String name = body.valueRef() == null ? "" : body.valueRef().name();
      var cm = ctx.index.configMap(namespace, name);
      if (cm == null) {
        throw new PolicyException("can't find the referenced configmap " + namespace + "/" + name);
      }
      if (cm.data() != null && cm.data().containsKey("response.body")) {
        return Bytes.of(cm.data().get("response.body").getBytes(StandardCharsets.UTF_8));
      }
      if (cm.data() != null && !cm.data().isEmpty()) {
        return Bytes.of(cm.data().values().iterator().next().getBytes(StandardCharsets.UTF_8));
      }
      if (cm.binaryData() != null && !cm.binaryData().isEmpty()) {
        return Bytes.of(java.util.Base64.getDecoder().decode(cm.binaryData().values().iterator().next()));
      }
      throw new PolicyException("can't find the key response.body in the referenced configmap " + namespace + "/"
          + name);
    }
    if (body.inline() != null) {
      return Bytes.of(body.inline().getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

}

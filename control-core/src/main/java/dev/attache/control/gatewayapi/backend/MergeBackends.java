package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.attachment.PolicyScope;
import dev.attache.control.gatewayapi.attachment.PolicyTargets;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.backend.BackendRefSpec;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.LabelSelectors;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.ir.BackendCluster;
import dev.attache.control.ir.BackendClusterRef;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicy;
import dev.attache.control.resource.envoygateway.BackendTrafficPolicySpec;
import dev.attache.control.resource.envoygateway.ClientTrafficPolicy;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.MergeBackendsConfig;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Backend cluster deduplication ({@code EnvoyProxy.spec.mergeBackends}): routes of a gateway that
 * reach the same backend (kind, namespace, name, port, protocol) share one cluster, registered
 * in the gateway's {@code backendClusters} and referenced by name, unless something makes the
 * cluster differ per route: cluster settings from a BackendTrafficPolicy below the gateway or a
 * ClientTrafficPolicy HTTP/1 override on the listener, per-backend filters, a diverging routing
 * type, or a rule whose backends must stay in one cluster (session persistence, a fallback
 * backend, consistent hashing). As Envoy Gateway's merge-backends translation, with the policy
 * indexes it reads ({@code BuildBTPIndexes}, {@code BuildCTPClusterSettingsIndex}).
 */
public final class MergeBackends {
  private static final String GROUP = "gateway.envoyproxy.io";

  /** The identity a shared cluster is keyed by. */
  public record Key(String gatewayIrKey, String kind, String namespace, String name, int port, String protocol) {
    String clusterName() {
      String base = kind.toLowerCase(Locale.ROOT) + "/" + namespace + "/" + name + "/" + port;
      return protocol.isEmpty() ? base : base + "/" + protocol.toLowerCase(Locale.ROOT);
    }
  }

  /** One backend of a rule: its own setting and, when it may share a cluster, the cluster's key. */
  public record Backend(DestinationSetting setting, Key key) {
  }

  private final TranslationContext ctx;
  private final Gateways gateways;
  private final PolicyIndex<String> routingTypes;
  private final PolicyIndex<Boolean> btpClusterSettings = new PolicyIndex<>();
  private final PolicyIndex<Boolean> consistentHash = new PolicyIndex<>();
  private final PolicyIndex<Boolean> ctpClusterSettings = new PolicyIndex<>();
  private final Map<Key, String> clusters = new HashMap<>();

  private MergeBackends(TranslationContext ctx, Gateways gateways, PolicyIndex<String> routingTypes) {
    this.ctx = ctx;
    this.gateways = gateways;
    this.routingTypes = routingTypes;
  }

  /**
   * Indexes the BackendTrafficPolicies (routing type, cluster settings, consistent hashing) and
   * ClientTrafficPolicies (HTTP/1 overrides) by target: the routing types and shared clusters
   * route translation asks for.
   */
  public static MergeBackends index(TranslationContext ctx, Gateways gateways) {
    MergeBackends m = new MergeBackends(ctx, gateways, new PolicyIndex<>());
    boolean merging = false;
    for (GatewayContext g : gateways.accepted()) {
      merging |= m.config(g) != null;
    }
    m.indexBackendTrafficPolicies(merging);
    if (merging) {
      m.indexClientTrafficPolicies();
    }
    return m;
  }

  private void indexBackendTrafficPolicies(boolean merging) {
    List<PolicyTargets.Candidate> candidates = new ArrayList<>();
    var res = ctx.resources;
    for (var r : res.httpRoutes()) {
      candidates.add(new PolicyTargets.Candidate(r, TargetRef.GATEWAY_GROUP, "HTTPRoute"));
    }
    for (var r : res.grpcRoutes()) {
      candidates.add(new PolicyTargets.Candidate(r, TargetRef.GATEWAY_GROUP, "GRPCRoute"));
    }
    for (var r : res.tlsRoutes()) {
      candidates.add(new PolicyTargets.Candidate(r, TargetRef.GATEWAY_GROUP, "TLSRoute"));
    }
    for (var r : res.tcpRoutes()) {
      candidates.add(new PolicyTargets.Candidate(r, TargetRef.GATEWAY_GROUP, "TCPRoute"));
    }
    for (var r : res.udpRoutes()) {
      candidates.add(new PolicyTargets.Candidate(r, TargetRef.GATEWAY_GROUP, "UDPRoute"));
    }
    for (GatewayContext g : gateways.accepted()) {
      candidates.add(new PolicyTargets.Candidate(g.gateway(), TargetRef.GATEWAY_GROUP, "Gateway"));
    }
    for (var ls : res.listenerSets()) {
      candidates.add(new PolicyTargets.Candidate(ls, TargetRef.GATEWAY_GROUP, "ListenerSet"));
    }
    for (BackendTrafficPolicy btp : res.backendTrafficPolicies()) {
      var spec = btp.spec();
      String rt = spec.routingType();
      boolean has = rt != null;
      boolean clusterScoped = hasClusterScopedFields(spec);
      for (TargetRef ref : PolicyTargets.resolve(ctx, spec.targetRef(), spec.targetRefs(), spec.targetSelectors(),
          candidates, GROUP, "BackendTrafficPolicy", btp.namespace())) {
        String s = ref.sectionName();
        String ns = ref.namespace();
        String name = ref.name();
        switch (ref.kind()) {
          case "Gateway" -> {
            if (s != null) {
              routingTypes.setGatewayListener(ns, name, s, rt, has);
              btpClusterSettings.setGatewayListener(ns, name, s, clusterScoped, true);
            } else {
              routingTypes.setGateway(ns, name, rt);
              consistentHash.setGateway(ns, name,
                  spec.loadBalancer() != null && "ConsistentHash".equals(spec.loadBalancer().type()));
            }
          }
          case "ListenerSet" -> {
            if (s != null) {
              routingTypes.setListenerSetListener(ns, name, s, rt, has);
              btpClusterSettings.setListenerSetListener(ns, name, s, clusterScoped, true);
            } else {
              routingTypes.setListenerSet(ns, name, rt, has);
              btpClusterSettings.setListenerSet(ns, name, clusterScoped, true);
            }
          }
          default -> {
            if (s != null) {
              routingTypes.setRouteRule(ns, name, ref.kind(), s, rt, spec.mergeType(), null);
              btpClusterSettings.setRouteRule(ns, name, ref.kind(), s, clusterScoped, spec.mergeType(), false);
            } else {
              routingTypes.setRoute(ns, name, ref.kind(), rt, spec.mergeType(), null);
              btpClusterSettings.setRoute(ns, name, ref.kind(), clusterScoped, spec.mergeType(), false);
            }
          }
        }
      }
    }
  }

  /**
   * The routing type ({@code Service} or {@code Endpoint}) a BackendTrafficPolicy gives a rule of
   * {@code route} through {@code parent}, or null when no policy sets one.
   */
  public String routingType(RouteContext route, RouteParentContext parent, GatewayContext gateway, String ruleName) {
    if (gateway == null) {
      return null;
    }
    ParentReference p = parent.parentRef();
    String lsNs = null;
    String lsName = null;
    if ("ListenerSet".equals(p.kind())) {
      lsNs = p.namespace() == null ? route.namespace() : p.namespace();
      lsName = p.name();
    }
    return routingTypes.lookup(route.kind(), route.namespace(), route.name(), gateway.namespace(), gateway.name(),
        p.sectionName(), lsNs, lsName, ruleName).value();
  }

  private static boolean hasClusterScopedFields(BackendTrafficPolicySpec spec) {
    return spec.loadBalancer() != null || spec.proxyProtocol() != null || spec.healthCheck() != null
        || spec.circuitBreaker() != null || spec.timeout() != null || spec.tcpKeepalive() != null
        || spec.connection() != null || spec.http2() != null || spec.dns() != null
        || spec.admissionControl() != null || spec.useClientProtocol() != null;
  }

  private void indexClientTrafficPolicies() {
    List<PolicyTargets.Candidate> candidates = new ArrayList<>();
    for (GatewayContext g : gateways.accepted()) {
      candidates.add(new PolicyTargets.Candidate(g.gateway(), TargetRef.GATEWAY_GROUP, "Gateway"));
    }
    for (var ls : ctx.resources.listenerSets()) {
      candidates.add(new PolicyTargets.Candidate(ls, TargetRef.GATEWAY_GROUP, "ListenerSet"));
    }
    for (ClientTrafficPolicy ctp : ctx.resources.clientTrafficPolicies()) {
      var spec = ctp.spec();
      boolean clusterScoped = spec.http1() != null;
      for (TargetRef ref : PolicyTargets.resolve(ctx, spec.targetRef(), spec.targetRefs(), spec.targetSelectors(),
          candidates, GROUP, "ClientTrafficPolicy", ctp.namespace())) {
        String s = ref.sectionName();
        switch (ref.kind()) {
          case "Gateway" -> {
            if (s != null) {
              ctpClusterSettings.setGatewayListener(ref.namespace(), ref.name(), s, clusterScoped, true);
            }
          }
          case "ListenerSet" -> {
            if (s != null) {
              ctpClusterSettings.setListenerSetListener(ref.namespace(), ref.name(), s, clusterScoped, true);
            } else {
              ctpClusterSettings.setListenerSet(ref.namespace(), ref.name(), clusterScoped, true);
            }
          }
          default -> { }
        }
      }
    }
  }

  // ---------------------------------------------------------------- eligibility

  /** The effective merge configuration of a gateway; null when it does not merge backends. */
  private MergeBackendsConfig config(GatewayContext g) {
    if (g != null && g.envoyProxy() != null && g.envoyProxy().spec() != null && g.envoyProxy().spec().mergeBackends() != null) {
      return g.envoyProxy().spec().mergeBackends();
    }
    EnvoyProxy gc = ctx.resources.envoyProxyForGatewayClass();
    if (gc != null && gc.spec() != null && gc.spec().mergeBackends() != null) {
      return gc.spec().mergeBackends();
    }
    var defaults = ctx.resources.envoyProxyDefaultSpec();
    return defaults == null ? null : defaults.mergeBackends();
  }

  public boolean enabled(GatewayContext g) {
    return g != null && config(g) != null;
  }

  /**
   * Whether an HTTP or gRPC rule's backends must stay in one cluster: several of them with
   * session persistence, a fallback Backend, or consistent hashing on the gateway.
   */
  public boolean weightedRuleUnsafe(GatewayContext g, RouteContext route, List<BackendRefSpec> refs,
      boolean sessionPersistence) {
    if (refs.size() <= 1) {
      return false;
    }
    if (sessionPersistence) {
      return true;
    }
    for (BackendRefSpec ref : refs) {
      if (ref.kindOrService().equals("Backend")) {
        var backend = ctx.index.backend(ref.namespaceOr(route.namespace()), ref.name());
        if (backend != null && backend.spec() != null && Boolean.TRUE.equals(backend.spec().fallback())) {
          return true;
        }
      }
    }
    return g != null && Boolean.TRUE.equals(consistentHash.exact(PolicyScope.gateway(g.namespace(), g.name())));
  }

  /** The number of distinct backends (kind, namespace, name, port) among {@code refs}. */
  public static int distinctBackends(RouteContext route, List<BackendRefSpec> refs) {
    Set<String> seen = new HashSet<>();
    for (BackendRefSpec ref : refs) {
      seen.add(ref.kindOrService() + "/" + ref.namespaceOr(route.namespace()) + "/" + ref.name() + "/"
          + (ref.port() == null ? 0 : ref.port()));
    }
    return seen.size();
  }

  /**
   * The shared-cluster key of one backend, or null when it keeps a cluster of its own: when it
   * failed, carries no weight, has per-backend filters, is a custom or dynamic-resolver backend,
   * misses the merge selector, or its rule's routing type or backends make sharing unsafe.
   */
  public Key key(GatewayContext g, RouteContext route, String routingType, boolean ruleUnsafe, BackendRefSpec ref,
      DestinationSetting ds, boolean failed) {
    if (failed || (ds.weight() != null && ds.weight() == 0) || g == null || gateways.ir().xds(g) == null) {
      return null;
    }
    MergeBackendsConfig cfg = config(g);
    if (cfg == null) {
      return null;
    }
    String kind = ref.kindOrService();
    String namespace = ref.namespaceOr(route.namespace());
    if (ctx.settings.isExtensionKind(ref.groupOrCore(), kind)) {
      return null;
    }
    if (kind.equals("Backend")) {
      var backend = ctx.index.backend(namespace, ref.name());
      if (backend != null && backend.spec() != null && "DynamicResolver".equals(backend.spec().type())) {
        return null;
      }
    }
    if (ruleUnsafe || ds.filters() != null) {
      return null;
    }
    if (cfg.selector() != null && !selectorMatches(cfg, kind, namespace, ref.name())) {
      return null;
    }
    String baseline = routingTypes.exact(PolicyScope.gateway(g.namespace(), g.name()));
    if (ctx.isServiceRouting(g.envoyProxy(), baseline) != ctx.isServiceRouting(g.envoyProxy(), routingType)) {
      return null;
    }
    return new Key(ctx.irKey(g), kind, namespace, ref.name(), ref.port() == null ? 0 : ref.port(), ds.protocol());
  }

  private boolean selectorMatches(MergeBackendsConfig cfg, String kind, String namespace, String name) {
    KubernetesObject target = switch (kind) {
      case "Service" -> ctx.index.service(namespace, name);
      case "ServiceImport" -> ctx.index.serviceImport(namespace, name);
      case "Backend" -> ctx.index.backend(namespace, name);
      default -> null;
    };
    if (target == null) {
      return false;
    }
    Map<String, String> labels = target.metadata() == null || target.metadata().labels() == null
        ? Map.of() : target.metadata().labels();
    try {
      return LabelSelectors.compile(cfg.selector()).test(labels);
    } catch (LabelSelectors.InvalidSelectorException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- per listener

  /**
   * The destination of a rule on one listener: backends with a key reference their shared
   * cluster (registered on first use), unless cluster settings below the gateway apply on this
   * listener, in which case every backend keeps its own setting.
   */
  public RouteDestination forListener(GatewayContext g, RouteContext route, ListenerContext listener, String ruleName,
      String destName, String statName, ResourceMetadata metadata, List<Backend> backends) {
    boolean ownSettings = clusterSettingsBelowGateway(g, route, listener, ruleName);
    List<DestinationSetting> settings = new ArrayList<>();
    List<BackendClusterRef> refs = new ArrayList<>();
    for (Backend b : backends) {
      if (b.key() == null || ownSettings) {
        settings.add(b.setting());
        continue;
      }
      refs.add(new BackendClusterRef(cluster(b.key(), b.setting()), b.setting().weight()));
    }
    return new RouteDestination(destName, statName, settings, refs, metadata);
  }

  private String cluster(Key key, DestinationSetting ds) {
    String existing = clusters.get(key);
    if (existing != null) {
      return existing;
    }
    String name = key.clusterName();
    DestinationSetting shared = Destinations.with(ds, m -> {
      m.weight = null;
      m.name = name;
    });
    XdsDraft xds = gateways.ir().xds(key.gatewayIrKey());
    if (xds != null) {
      xds.backendClusters.add(new BackendCluster(name, shared, ds.metadata(), null, null));
    }
    clusters.put(key, name);
    return name;
  }

  private boolean clusterSettingsBelowGateway(GatewayContext g, RouteContext route, ListenerContext listener,
      String ruleName) {
    if (g == null) {
      return false;
    }
    String lsNs = null;
    String lsName = null;
    if (listener.isFromListenerSet()) {
      lsNs = listener.listenerSet().namespace();
      lsName = listener.listenerSet().name();
    }
    var btp = btpClusterSettings.lookup(route.kind(), route.namespace(), route.name(), g.namespace(), g.name(),
        listener.name(), lsNs, lsName, ruleName);
    if (Boolean.TRUE.equals(btp.value()) || btp.replacesParent()) {
      return true;
    }
    if (lsName != null) {
      return Boolean.TRUE.equals(ctpClusterSettings.exact(PolicyScope.listenerSet(lsNs, lsName)))
          || Boolean.TRUE.equals(ctpClusterSettings.exact(PolicyScope.listenerSetListener(lsNs, lsName, listener.name())));
    }
    return Boolean.TRUE.equals(ctpClusterSettings.exact(PolicyScope.gatewayListener(g.namespace(), g.name(),
        listener.name())));
  }
}

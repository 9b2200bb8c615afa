package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import dev.attache.control.ir.CircuitBreaker;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.LoadBalancer;
import dev.attache.control.ir.PreferLocalZone;
import dev.attache.control.ir.SlowStart;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.LoadBalancingPolicy;
import io.envoyproxy.envoy.config.cluster.v3.TrackClusterStats;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.clusters.dns.v3.DnsCluster;
import io.envoyproxy.envoy.extensions.load_balancing_policies.common.v3.LocalityLbConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.common.v3.SlowStartConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest;
import io.envoyproxy.envoy.extensions.load_balancing_policies.maglev.v3.Maglev;
import io.envoyproxy.envoy.extensions.load_balancing_policies.random.v3.Random;
import io.envoyproxy.envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Clusters and their endpoints, with Envoy Gateway's defaults. */
final class Clusters {
  static final String EMPTY_CLUSTER = "EmptyCluster";
  private static final int BUFFER_LIMIT = 32768;
  private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();
  private static final Duration DNS_REFRESH = Duration.newBuilder().setSeconds(30).build();

  private Clusters() {}

  /** Adds the cluster (once per name), its endpoints and the secrets its TLS needs. */
  static void add(ResourceTable table, ClusterArgs args, TranslatorSettings settings) {
    add(table, args, settings, null);
  }

  /**
   * Adds the cluster as {@link #add(ResourceTable, ClusterArgs, TranslatorSettings)} does and,
   * when {@code hookRefs} is given, passes it through the extension hooks as Envoy Gateway does
   * for route and backend clusters: its static load assignment through the endpoints hook, the
   * cluster through the cluster hook when the route has extension resources.
   */
  static void add(ResourceTable table, ClusterArgs args, TranslatorSettings settings,
      List<UnstructuredRef> hookRefs) {
    if (table.hasCluster(args.name())) {
      return;
    }
    Cluster.Builder cluster = cluster(args, table);
    if (UpstreamHttpFilters.credentialInjection(args) != null) {
      CredentialInjections.addSecret(table, UpstreamHttpFilters.credentialInjection(args));
    }
    if (args.dynamicResolver()) {
      // Resolved per request from the DNS cache: no endpoints of its own.
      UpstreamTls.addSecrets(table, args.settings(), settings);
      clusterHook(table, cluster.build(), hookRefs).ifPresent(table::addCluster);
      return;
    }
    ClusterLoadAssignment endpoints = loadAssignment(args);
    UpstreamTls.addSecrets(table, args.settings(), settings);
    boolean staticEndpoints = !args.resolvedByDns();
    if (!staticEndpoints) {
      cluster.setLoadAssignment(endpoints);
    } else {
      if (hookRefs != null) {
        var hooked = table.hooks.endpoints(endpoints);
        if (hooked.isEmpty()) {
          return;
        }
        endpoints = hooked.get();
      }
      if (!table.addEndpoints(endpoints)) {
        return; // as upstream: a cluster whose endpoints are invalid is left out with them
      }
    }
    var hooked = clusterHook(table, cluster.build(), hookRefs);
    if (hooked.isEmpty()) {
      if (staticEndpoints) {
        table.endpoints.removeLast();
      }
      return;
    }
    table.addCluster(hooked.get());
  }

  private static java.util.Optional<Cluster> clusterHook(ResourceTable table, Cluster cluster,
      List<UnstructuredRef> hookRefs) {
    return hookRefs == null || hookRefs.isEmpty() ? java.util.Optional.of(cluster)
        : table.hooks.cluster(cluster, hookRefs);
  }

  /** The static cluster that routes without backends point at. */
  static Cluster empty() {
    return Cluster.newBuilder().setName(EMPTY_CLUSTER).setType(Cluster.DiscoveryType.STATIC).build();
  }

  private static Cluster.Builder cluster(ClusterArgs args, ResourceTable table) {
    Cluster.DnsLookupFamily family = dnsLookupFamily(args.ipFamily(), args.dns());
    Cluster.Builder c = Cluster.newBuilder().setName(nz(args.name()))
        .setDnsLookupFamily(family)
        .setCommonLbConfig(Cluster.CommonLbConfig.getDefaultInstance())
        .setPerConnectionBufferLimitBytes(UInt32Value.of(
            args.backendConnection() != null && args.backendConnection().bufferLimit() != null
                ? args.backendConnection().bufferLimit() : BUFFER_LIMIT))
        .setIgnoreHealthOnHostRemoval(true);
    if (args.backendConnection() != null && args.backendConnection().preconnect() != null) {
      var pc = args.backendConnection().preconnect();
      if (pc.perEndpointPercent() != null || pc.predictivePercent() != null) {
        Cluster.PreconnectPolicy.Builder policy = Cluster.PreconnectPolicy.newBuilder();
        if (pc.perEndpointPercent() != null) {
          policy.setPerUpstreamPreconnectRatio(
              com.google.protobuf.DoubleValue.of(0.01 * pc.perEndpointPercent()));
        }
        if (pc.predictivePercent() != null) {
          policy.setPredictivePreconnectRatio(
              com.google.protobuf.DoubleValue.of(0.01 * pc.predictivePercent()));
        }
        c.setPreconnectPolicy(policy);
      }
    }
    Metadata metadata = XdsMetadata.of(args.metadata());
    if (metadata != null) {
      c.setMetadata(metadata);
    }
    if (args.statName() != null) {
      c.setAltStatName(args.statName());
    }
    c.setConnectTimeout(args.timeout() != null && args.timeout().tcp() != null
        && args.timeout().tcp().connectTimeout() != null
        ? args.timeout().tcp().connectTimeout().toProto() : CONNECT_TIMEOUT);
    if (args.metrics() != null && (args.metrics().enablePerEndpointStats()
        || args.metrics().enableRequestResponseSizesStats())) {
      c.setTrackClusterStats(TrackClusterStats.newBuilder()
          .setPerEndpointStats(args.metrics().enablePerEndpointStats())
          .setRequestResponseSizes(args.metrics().enableRequestResponseSizesStats()));
    }
    UpstreamTls.apply(c, args);
    ProtocolOptions.apply(c, args);
    c.setLoadBalancingPolicy(args.dynamicResolver() ? LoadBalancingPolicy.newBuilder()
        .addPolicies(LoadBalancingPolicy.Policy.newBuilder().setTypedExtensionConfig(
            TypedExtensionConfig.newBuilder().setName("envoy.load_balancing_policies.cluster_provided")
                .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.load_balancing_policies
                    .cluster_provided.v3.ClusterProvided.getDefaultInstance())))).build()
        : loadBalancing(args));
    var hc = args.healthCheck();
    if (hc != null && hc.panicThreshold() != null && hc.panicThreshold() != 50) {
      c.getCommonLbConfigBuilder().setHealthyPanicThreshold(
          io.envoyproxy.envoy.type.v3.Percent.newBuilder().setValue(hc.panicThreshold()));
    }
    if (hc != null && hc.active() != null) {
      c.addHealthChecks(HealthChecks.active(hc.active(), args.routeHostname(),
          args.healthCheckLog()));
    }
    if (hc != null && hc.passive() != null) {
      c.setOutlierDetection(HealthChecks.passive(hc.passive()));
    }
    c.setCircuitBreakers(circuitBreakers(args.circuitBreaker()));
    if (args.tcpKeepalive() != null) {
      c.setUpstreamConnectionOptions(keepalive(args.tcpKeepalive()));
    }
    if (args.dynamicResolver()) {
      c.setClusterType(Cluster.CustomClusterType.newBuilder()
          .setName(DynamicForwardProxy.CLUSTER_TYPE)
          .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.clusters.dynamic_forward_proxy
              .v3.ClusterConfig.newBuilder()
              .setDnsCacheConfig(DynamicForwardProxy.dnsCache(family, args.dns()))
              .build())));
    } else if (args.resolvedByDns()) {
      DnsCluster.Builder dnsCluster = DnsCluster.newBuilder().setDnsRefreshRate(DNS_REFRESH)
          .setRespectDnsTtl(true).setDnsLookupFamily(commonFamily(family));
      if (args.dns() != null && args.dns().dnsRefreshRate() != null) {
        dnsCluster.setDnsRefreshRate(args.dns().dnsRefreshRate().toProto());
      }
      if (args.dns() != null && args.dns().respectDnsTtl() != null) {
        dnsCluster.setRespectDnsTtl(args.dns().respectDnsTtl());
      }
      DnsCluster dns = dnsCluster.build();
      c.setClusterType(Cluster.CustomClusterType.newBuilder().setName("envoy.cluster.dns")
          .setTypedConfig(Any.pack(dns)));
    } else {
      c.setType(Cluster.DiscoveryType.EDS).setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
          .setServiceName(nz(args.name())).setEdsConfig(ConfigSources.adsForEndpoints()));
    }
    return c;
  }

  /** The DNS family: the DNS policy's, then narrowed by the backends' IP family. */
  static Cluster.DnsLookupFamily dnsLookupFamily(String ipFamily, dev.attache.control.ir.Dns dns) {
    Cluster.DnsLookupFamily family = Cluster.DnsLookupFamily.V4_PREFERRED;
    boolean custom = dns != null && dns.lookupFamily() != null;
    if (custom) {
      family = switch (dns.lookupFamily()) {
        case "IPv4" -> Cluster.DnsLookupFamily.V4_ONLY;
        case "IPv6" -> Cluster.DnsLookupFamily.V6_ONLY;
        case "IPv6Preferred" -> Cluster.DnsLookupFamily.AUTO;
        case "IPv4AndIPv6" -> Cluster.DnsLookupFamily.ALL;
        default -> Cluster.DnsLookupFamily.V4_PREFERRED;
      };
    }
    if (ipFamily != null) {
      switch (ipFamily) {
        case "IPv4" -> family = Cluster.DnsLookupFamily.V4_ONLY;
        case "IPv6" -> family = Cluster.DnsLookupFamily.V6_ONLY;
        case "DualStack" -> {
          if (!custom) {
            family = Cluster.DnsLookupFamily.ALL;
          }
        }
        default -> { }
      }
    }
    return family;
  }

  private static io.envoyproxy.envoy.extensions.clusters.common.dns.v3.DnsLookupFamily commonFamily(
      Cluster.DnsLookupFamily f) {
    var common = io.envoyproxy.envoy.extensions.clusters.common.dns.v3.DnsLookupFamily.class;
    return switch (f) {
      case V4_ONLY -> Enum.valueOf(common, "V4_ONLY");
      case V6_ONLY -> Enum.valueOf(common, "V6_ONLY");
      case V4_PREFERRED -> Enum.valueOf(common, "V4_PREFERRED");
      case ALL -> Enum.valueOf(common, "ALL");
      default -> Enum.valueOf(common, "AUTO");
    };
  }

  private static LoadBalancingPolicy loadBalancing(ClusterArgs args) {
    LoadBalancer lb = args.loadBalancer();
    if (lb != null && lb.endpointOverride() != null) {
      return LoadBalancingPolicies.endpointOverride(lb);
    }
    if (lb != null && lb.leastRequest() == null && lb.roundRobin() == null && lb.random() == null
        && lb.consistentHash() == null && lb.backendUtilization() != null) {
      return LoadBalancingPolicies.backendUtilization(lb);
    }
    LocalityLbConfig locality = localityLbConfig(args);
    String name;
    com.google.protobuf.Message config;
    if (lb == null || lb.leastRequest() != null) {
      LeastRequest.Builder lr = LeastRequest.newBuilder().setLocalityLbConfig(locality);
      SlowStart slow = lb == null ? null : lb.leastRequest().slowStart();
      if (slow != null && slow.window() != null) {
        lr.setSlowStartConfig(SlowStartConfig.newBuilder()
            .setSlowStartWindow(slow.window().toProto()));
      }
      name = "envoy.load_balancing_policies.least_request";
      config = lr.build();
    } else if (lb.roundRobin() != null) {
      RoundRobin.Builder rr = RoundRobin.newBuilder().setLocalityLbConfig(locality);
      SlowStart slow = lb.roundRobin().slowStart();
      if (slow != null && slow.window() != null) {
        rr.setSlowStartConfig(SlowStartConfig.newBuilder()
            .setSlowStartWindow(slow.window().toProto()));
      }
      name = "envoy.load_balancing_policies.round_robin";
      config = rr.build();
    } else if (lb.random() != null) {
      name = "envoy.load_balancing_policies.random";
      config = Random.newBuilder().setLocalityLbConfig(locality).build();
    } else if (lb.consistentHash() != null) {
      Maglev.Builder maglev = Maglev.newBuilder();
      if (lb.consistentHash().tableSize() != null) {
        maglev.setTableSize(UInt64Value.of(lb.consistentHash().tableSize()));
      }
      if (!lb.weightedZones().isEmpty()) {
        maglev.setLocalityWeightedLbConfig(
            LocalityLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
      }
      name = "envoy.load_balancing_policies.maglev";
      config = maglev.build();
    } else {
      name = "envoy.load_balancing_policies.least_request";
      config = LeastRequest.newBuilder().setLocalityLbConfig(locality).build();
    }
    return LoadBalancingPolicy.newBuilder().addPolicies(LoadBalancingPolicy.Policy.newBuilder()
        .setTypedExtensionConfig(TypedExtensionConfig.newBuilder().setName(name)
            .setTypedConfig(Any.pack(config)))).build();
  }

  private static LocalityLbConfig localityLbConfig(ClusterArgs args) {
    PreferLocalZone preferLocal = args.loadBalancer() != null ? args.loadBalancer().preferLocal()
        : args.settings().size() == 1 ? args.settings().getFirst().preferLocal() : null;
    if (preferLocal == null) {
      return LocalityLbConfig.newBuilder().setLocalityWeightedLbConfig(
          LocalityLbConfig.LocalityWeightedLbConfig.getDefaultInstance()).build();
    }
    LocalityLbConfig.ZoneAwareLbConfig.Builder zone = LocalityLbConfig.ZoneAwareLbConfig.newBuilder()
        .setMinClusterSize(UInt64Value.of(preferLocal.minEndpointsThreshold() != null
            ? preferLocal.minEndpointsThreshold() : 6));
    if (preferLocal.percentageEnabled() != null) {
      zone.setRoutingEnabled(io.envoyproxy.envoy.type.v3.Percent.newBuilder()
          .setValue(preferLocal.percentageEnabled()));
    }
    if (preferLocal.force() != null) {
      var force = NewerEnvoyFields.newMessage(
          LocalityLbConfig.ZoneAwareLbConfig.getDescriptor().getFullName() + ".ForceLocalZone");
      NewerEnvoyFields.set(force, "min_size", UInt32Value.of(preferLocal.force().minEndpointsInZoneThreshold() != null
              ? preferLocal.force().minEndpointsInZoneThreshold() : 1));
      NewerEnvoyFields.setMessage(zone, "force_local_zone", force.build());
    }
    return LocalityLbConfig.newBuilder().setZoneAwareLbConfig(zone).build();
  }

  private static CircuitBreakers circuitBreakers(CircuitBreaker cb) {
    CircuitBreakers.Thresholds.Builder t = CircuitBreakers.Thresholds.newBuilder()
        .setMaxRetries(UInt32Value.of(1024));
    if (cb != null) {
      if (cb.maxConnections() != null) {
        t.setMaxConnections(ProtoValues.uint32(cb.maxConnections()));
      }
      if (cb.maxPendingRequests() != null) {
        t.setMaxPendingRequests(ProtoValues.uint32(cb.maxPendingRequests()));
      }
      if (cb.maxParallelRequests() != null) {
        t.setMaxRequests(ProtoValues.uint32(cb.maxParallelRequests()));
      }
      if (cb.maxParallelRetries() != null) {
        t.setMaxRetries(ProtoValues.uint32(cb.maxParallelRetries()));
      }
      if (cb.retryBudget() != null) {
        var budget = CircuitBreakers.Thresholds.RetryBudget.newBuilder()
            .setBudgetPercent(io.envoyproxy.envoy.type.v3.Percent.newBuilder()
                .setValue(cb.retryBudget().percent() == null ? 0 : cb.retryBudget().percent()));
        // Envoy's own default is 3; upstream leaves it unset then.
        if (cb.retryBudget().minRetryConcurrency() != 3) {
          budget.setMinRetryConcurrency(UInt32Value.of(cb.retryBudget().minRetryConcurrency()));
        }
        t.setRetryBudget(budget);
      }
    }
    CircuitBreakers.Builder out = CircuitBreakers.newBuilder().addThresholds(t);
    if (cb != null && cb.perEndpoint() != null && cb.perEndpoint().maxConnections() != null) {
      out.addPerHostThresholds(CircuitBreakers.Thresholds.newBuilder()
          .setMaxConnections(ProtoValues.uint32(cb.perEndpoint().maxConnections())));
    }
    return out.build();
  }

  private static UpstreamConnectionOptions keepalive(TcpKeepalive k) {
    io.envoyproxy.envoy.config.core.v3.TcpKeepalive.Builder ka =
        io.envoyproxy.envoy.config.core.v3.TcpKeepalive.newBuilder();
    if (k.probes() != null) {
      ka.setKeepaliveProbes(UInt32Value.of(k.probes()));
    }
    if (k.idleTime() != null) {
      ka.setKeepaliveTime(UInt32Value.of(k.idleTime()));
    }
    if (k.interval() != null) {
      ka.setKeepaliveInterval(UInt32Value.of(k.interval()));
    }
    return UpstreamConnectionOptions.newBuilder().setTcpKeepalive(ka).build();
  }

  /** One locality per backend (or per zone with zone-aware routing). */
  static ClusterLoadAssignment loadAssignment(ClusterArgs args) {
    ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder()
        .setClusterName(nz(args.name()));
    PreferLocalZone lbPreferLocal = args.loadBalancer() == null ? null
        : args.loadBalancer().preferLocal();
    for (int i = 0; i < args.settings().size(); i++) {
      DestinationSetting ds = args.settings().get(i);
      Metadata tlsMatch = ds.tls() == null ? null : Metadata.newBuilder()
          .putFilterMetadata("envoy.transport_socket_match", Struct.newBuilder()
              .putFields("name", Value.newBuilder()
                  .setStringValue(args.name() + "/tls/" + i).build()).build()).build();
      List<dev.attache.control.ir.WeightedZoneConfig> weightedZones =
          args.loadBalancer() == null ? List.of() : args.loadBalancer().weightedZones();
      if (!weightedZones.isEmpty()) {
        Map<String, Integer> weights = new java.util.HashMap<>();
        weightedZones.forEach(z -> weights.put(z.zone(), z.weight()));
        cla.addAllEndpoints(zonal(ds, tlsMatch, args.healthCheck(), weights));
      } else if (ds.preferLocal() != null || lbPreferLocal != null) {
        cla.addAllEndpoints(zonal(ds, tlsMatch, args.healthCheck(), null));
      } else {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
            .setLocality(Locality.newBuilder().setRegion(nz(ds.name())))
            .setLoadBalancingWeight(UInt32Value.of(ds.weight() == null ? 1 : ds.weight()))
            .setPriority(ds.priority() == null ? 0 : ds.priority());
        Metadata md = XdsMetadata.of(ds.metadata());
        if (md != null) {
          locality.setMetadata(md);
        }
        for (DestinationEndpoint ep : ds.endpoints()) {
          locality.addLbEndpoints(lbEndpoint(ep, tlsMatch, args.healthCheck()));
        }
        cla.addEndpoints(locality);
      }
    }
    return cla.build();
  }

  /** One locality per zone, sorted by zone; weighted (default 1) when {@code weights} is set. */
  private static List<LocalityLbEndpoints> zonal(DestinationSetting ds, Metadata tlsMatch,
      dev.attache.control.ir.HealthCheck healthCheck, Map<String, Integer> weights) {
    Map<String, List<LbEndpoint>> byZone = new TreeMap<>();
    for (DestinationEndpoint ep : ds.endpoints()) {
      byZone.computeIfAbsent(ep.zone() == null ? "" : ep.zone(), z -> new ArrayList<>())
          .add(lbEndpoint(ep, tlsMatch, healthCheck));
    }
    List<LocalityLbEndpoints> out = new ArrayList<>();
    for (Map.Entry<String, List<LbEndpoint>> e : byZone.entrySet()) {
      LocalityLbEndpoints.Builder l = LocalityLbEndpoints.newBuilder()
          .setLocality(Locality.newBuilder().setZone(e.getKey())).addAllLbEndpoints(e.getValue())
          .setPriority(ds.priority() == null ? 0 : ds.priority());
      if (weights != null) {
        l.setLoadBalancingWeight(UInt32Value.of(weights.getOrDefault(e.getKey(), 1)));
      }
      Metadata md = XdsMetadata.of(ds.metadata());
      if (md != null) {
        l.setMetadata(md);
      }
      out.add(l.build());
    }
    return out;
  }

  private static LbEndpoint lbEndpoint(DestinationEndpoint ep, Metadata tlsMatch,
      dev.attache.control.ir.HealthCheck healthCheck) {
    Endpoint.Builder endpoint = Endpoint.newBuilder().setAddress(address(ep));
    Endpoint.HealthCheckConfig probes = HealthChecks.endpointConfig(healthCheck, ep);
    if (probes != null) {
      endpoint.setHealthCheckConfig(probes);
    }
    if (ep.hostname() != null) {
      endpoint.setHostname(ep.hostname());
    }
    LbEndpoint.Builder lb = LbEndpoint.newBuilder().setEndpoint(endpoint)
        .setLoadBalancingWeight(UInt32Value.of(1));
    if (ep.draining()) {
      lb.setHealthStatus(HealthStatus.DRAINING);
    }
    if (tlsMatch != null) {
      lb.setMetadata(tlsMatch);
    }
    return lb.build();
  }

  /** Go's zero value for an absent string. */
  static String nz(String s) {
    return s == null ? "" : s;
  }

  static Address address(DestinationEndpoint ep) {
    if (ep.path() != null) {
      return Address.newBuilder().setPipe(Pipe.newBuilder().setPath(ep.path())).build();
    }
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
        .setAddress(ep.host() == null ? "" : ep.host()).setPortValue(ep.port())).build();
  }

}

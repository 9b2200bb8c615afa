package dev.attache.control.xds.translate;

import static java.util.Objects.requireNonNull;

import dev.attache.control.ir.BackendCluster;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.Xds;
import java.util.List;

/**
 * The IR → xDS translator: a pure function from one gateway's xDS IR to its Envoy listeners,
 * routes, clusters, endpoints and secrets, with Envoy Gateway's names and defaults.
 */
public final class XdsTranslator {
  private final TranslatorSettings settings;

  public XdsTranslator(TranslatorSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  /** Translates {@code ir}; resources that fail are left out and named in {@code errors()}. */
  public XdsResources translate(Xds ir) {
    return translate(ir, TranslationHooks.NONE);
  }

  /** Translates {@code ir}, calling {@code hooks} where Envoy Gateway calls extension hooks. */
  public XdsResources translate(Xds ir, TranslationHooks hooks) {
    requireNonNull(ir, "ir");
    requireNonNull(hooks, "hooks");
    ResourceTable table = new ResourceTable(hooks);
    if (ir.readyListener() != null) {
      ReadyListener.add(table, ir.readyListener());
    }
    HttpFeature.Context context = new HttpFeature.Context(settings, ir.backendClusters().stream()
        .map(BackendCluster::name).collect(java.util.stream.Collectors.toUnmodifiableSet()),
        ir.healthCheckLog(), ir.http().stream().filter(l -> l.http3() != null)
            .map(l -> l.address() + ":" + l.port())
            .collect(java.util.stream.Collectors.toUnmodifiableSet()), ir.accessLog(),
        ir.tracing(), ir.filterOrder());
    for (HttpListener listener : ir.http()) {
      try {
        HttpListeners.translate(table, listener, ir.metrics(), context);
      } catch (IllegalArgumentException e) {
        table.errors.add("listener " + listener.name() + ": " + e.getMessage());
      }
    }
    try {
      TcpListeners.translate(table, ir.tcp(), ir.metrics(), settings, ir.accessLog(),
          ir.healthCheckLog());
      UdpListeners.translate(table, ir.udp(), ir.metrics(), settings, ir.accessLog());
    } catch (IllegalArgumentException e) {
      table.errors.add(e.getMessage());
    }
    if (hooks != TranslationHooks.NONE) {
      table.finishListeners(l -> hooks.listener(l, ListenerPolicies.of(ir, l)));
    }
    for (BackendCluster bc : ir.backendClusters()) {
      List<dev.attache.control.ir.DestinationSetting> s =
          bc.setting() == null ? List.of() : List.of(bc.setting());
      Clusters.add(table, ClusterArgs.builder(bc.name(), s).traffic(bc.traffic())
          .metrics(ir.metrics()).useClientProtocol(Boolean.TRUE.equals(bc.useClientProtocol()))
          .ipFamily(ClusterArgs.ipFamily(s)).metadata(bc.metadata())
          .healthCheckLog(ir.healthCheckLog()).build(), settings, List.of());
      UpstreamTls.addClientCertificates(table, s);
    }
    AccessLogs.addClusters(table, ir.accessLog(), ir.metrics(), ir.healthCheckLog(), settings);
    Sds.addClusters(table, ir);
    if (ir.tracing() != null) {
      Clusters.add(table, ServiceClusters.collectorArgs(ir.tracing().destination(),
          ir.tracing().traffic(), ir.metrics(), ir.healthCheckLog()), settings);
    }
    if (ir.globalResources() != null && ir.globalResources().proxyServiceCluster() != null) {
      ServiceClusters.addProxyServiceCluster(table, ir.globalResources().proxyServiceCluster(),
          settings);
    }
    ServiceClusters.add(table, ir, settings);
    XdsResources patched = EnvoyPatches.apply(table.build(), ir.envoyPatchPolicies());
    return hooks == TranslationHooks.NONE ? patched
        : hooks.translation(patched, ir.extensionServerPolicies());
  }
}

package dev.attache.control.xds.server;

import dev.attache.control.xds.translate.XdsResources;
import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One xDS snapshot per gateway. A node belongs to the gateway its {@code node.cluster} names
 * ({@code <namespace>/<name>} of the Gateway, or the GatewayClass name when gateways are merged),
 * as in Envoy Gateway, where the proxy runs with {@code --service-cluster} set to that key; a node
 * without a cluster falls back to its id. Publishing checks consistency first and refuses a
 * snapshot whose resources name missing ones; the previous snapshot then stays live. The
 * translator's own {@code errors()} (resources it left out) do not block publishing: what it did
 * produce is consistent or refused here.
 */
public final class XdsSnapshots {
  private static final Logger log = LoggerFactory.getLogger(XdsSnapshots.class);

  private static final XdsResources EMPTY = XdsResources.empty();

  private final SimpleCache<String> cache = new SimpleCache<>(XdsSnapshots::gatewayOf);
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final Counter published;
  private final Counter unchanged;
  private final Counter rejected;

  XdsSnapshots(MeterRegistry registry) {
    this.published = snapshots(registry, "published");
    this.unchanged = snapshots(registry, "unchanged");
    this.rejected = snapshots(registry, "rejected");
  }

  private static Counter snapshots(MeterRegistry registry, String result) {
    return Counter.builder("attache.xds.snapshots").tag("result", result)
        .description("Gateway snapshots handed to the xDS server, by outcome").register(registry);
  }

  /** The gateway key a node's snapshot is looked up by. */
  public static String gatewayOf(Node node) {
    return node.getCluster().isEmpty() ? node.getId() : node.getCluster();
  }

  SimpleCache<String> cache() {
    return cache;
  }

  /** Makes {@code resources} the snapshot of {@code gateway}, unless they are inconsistent. */
  public synchronized PublishResult publish(String gateway, XdsResources resources) {
    requireNonNull(gateway, "gateway");
    requireNonNull(resources, "resources");
    if (!resources.errors().isEmpty()) {
      log.warn("xDS translation for gateway {} left out what failed: {}", gateway, String.join("; ", resources.errors()));
    }
    List<String> problems = SnapshotConsistency.problems(resources);
    if (!problems.isEmpty()) {
      rejected.increment();
      Live current = live.get(gateway);
      log.error("xDS snapshot for gateway {} refused ({} problem(s): {}); {}", gateway, problems.size(),
          String.join("; ", problems),
          current == null ? "no snapshot is live for it" : "its previous snapshot stays live");
      return new PublishResult.Rejected(gateway, problems);
    }
    SnapshotVersions versions = SnapshotVersions.of(resources);
    Live current = live.get(gateway);
    if (current != null && current.versions().equals(versions)) {
      unchanged.increment();
      return new PublishResult.Unchanged(gateway, versions);
    }
    Snapshot snapshot = Snapshot.create(
        resources.clusters(), versions.clusters(),
        resources.endpoints(), versions.endpoints(),
        resources.listeners(), versions.listeners(),
        resources.routes(), versions.routes(),
        resources.secrets(), versions.secrets());
    live.put(gateway, new Live(resources, versions));
    cache.setSnapshot(gateway, snapshot);
    published.increment();
    log.info("xDS snapshot for gateway {} published: {} listener(s), {} route config(s), {} cluster(s),"
            + " {} endpoint set(s), {} secret(s); versions {}", gateway, resources.listeners().size(),
        resources.routes().size(), resources.clusters().size(), resources.endpoints().size(),
        resources.secrets().size(), versions);
    return new PublishResult.Published(gateway, versions);
  }

  /**
   * Publishes every gateway of one translation. A gateway that was live and is no longer in
   * {@code all} gets an empty snapshot, so its Envoys drop what it served.
   */
  public synchronized Map<String, PublishResult> publishAll(Map<String, XdsResources> all) {
    Map<String, PublishResult> results = new LinkedHashMap<>();
    all.forEach((gateway, resources) -> results.put(gateway, publish(gateway, resources)));
    for (String gone : Set.copyOf(live.keySet())) {
      if (!all.containsKey(gone)) {
        results.put(gone, publish(gone, EMPTY));
      }
    }
    return results;
  }

  /** The gateways with a live snapshot and its versions. */
  public Map<String, SnapshotVersions> liveVersions() {
    Map<String, SnapshotVersions> out = new java.util.TreeMap<>();
    live.forEach((k, v) -> out.put(k, v.versions()));
    return out;
  }

  /** The live resources of a gateway, or null. */
  public XdsResources liveResources(String gateway) {
    Live l = live.get(gateway);
    return l == null ? null : l.resources();
  }

  private record Live(XdsResources resources, SnapshotVersions versions) {
  }
}

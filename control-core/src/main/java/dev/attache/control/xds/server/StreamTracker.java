package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every xDS stream: which node it serves, what was pushed, what was ACKed and NACKed
 * (metrics and logs), and fixes two things java-control-plane's cache does not do by itself.
 *
 * <ul>
 *   <li>Envoy sends its node only on a stream's first request when the bootstrap sets
 *       {@code set_node_on_first_message_only} (Envoy Gateway's does); the cache groups every
 *       request by its node, so later requests get the stream's node filled in.</li>
 *   <li>A state-of-the-world NACK carries the last accepted version; the cache would answer it at
 *       once with the very version Envoy just rejected, over and over. The request is passed on
 *       as if at the rejected version, so the next push is the next snapshot.</li>
 * </ul>
 *
 * <p>java-control-plane calls the request callback and then {@code createWatch} synchronously
 * on the same thread for each request, which is how the watch learns its stream (a thread local).
 */
final class StreamTracker implements DiscoveryServerCallbacks, ConfigWatcher {
  private static final Logger log = LoggerFactory.getLogger(StreamTracker.class);
  private static final int MAX_ERROR_LENGTH = 512;

  private final ConfigWatcher cache;
  private final MeterRegistry registry;
  private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
  private final ThreadLocal<Stream> current = new ThreadLocal<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  StreamTracker(ConfigWatcher cache, MeterRegistry registry) {
    this.cache = requireNonNull(cache, "cache");
    this.registry = requireNonNull(registry, "registry");
    Gauge.builder("attache.xds.connected.nodes", this, t -> t.connectedNodes().size())
        .description("Envoy nodes with an open xDS stream").register(registry);
    Gauge.builder("attache.xds.streams", streams, Map::size)
        .description("Open xDS streams").register(registry);
  }

  /** The ids of nodes with an open stream. */
  Set<String> connectedNodes() {
    Set<String> nodes = new java.util.TreeSet<>();
    streams.values().forEach(s -> {
      Node n = s.node;
      if (n != null) {
        nodes.add(n.getId());
      }
    });
    return nodes;
  }

  /** What each open stream serves and what its node accepted, for /config_dump and tests. */
  List<NodeStatus> status() {
    List<NodeStatus> out = new ArrayList<>();
    streams.forEach((id, s) -> {
      Node n = s.node;
      if (n != null) {
        out.add(new NodeStatus(n.getId(), XdsSnapshots.gatewayOf(n), s.delta, id, new TreeMap<>(s.acked),
            s.lastNack));
      }
    });
    out.sort(java.util.Comparator.comparing(NodeStatus::nodeId).thenComparing(NodeStatus::streamId));
    return out;
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    streams.put(streamId, new Stream());
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  private void closed(long streamId) {
    Stream s = streams.remove(streamId);
    if (s != null && s.node != null) {
      log.info("xDS stream {} of node {} (gateway {}) closed", streamId, s.node.getId(),
          XdsSnapshots.gatewayOf(s.node));
    }
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    Stream s = stream(streamId, request.hasNode() ? request.getNode() : null, false);
    current.set(s);
    if (!request.getResponseNonce().isEmpty()) {
      Sent sent = s.sent.get(request.getResponseNonce());
      answered(s, request.getTypeUrl(), sent, request.hasErrorDetail(),
          request.hasErrorDetail() ? request.getErrorDetail().getMessage() : "",
          request.getVersionInfo());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    Stream s = stream(streamId, request.hasNode() ? request.getNode() : null, true);
    current.set(s);
    if (!request.getResponseNonce().isEmpty()) {
      Sent sent = s.sent.get(request.getResponseNonce());
      answered(s, request.getTypeUrl(), sent, request.hasErrorDetail(),
          request.hasErrorDetail() ? request.getErrorDetail().getMessage() : "",
          sent == null ? "" : sent.version());
    }
  }

  private Stream stream(long streamId, Node node, boolean delta) {
    Stream s = streams.computeIfAbsent(streamId, id -> new Stream());
    if (s.node == null && node != null) {
      s.node = node;
      s.delta = delta;
      log.info("xDS {} stream {} from node {} for gateway {}", delta ? "delta" : "state-of-the-world", streamId,
          node.getId(), XdsSnapshots.gatewayOf(node));
    }
    return s;
  }

  private void answered(Stream s, String typeUrl, Sent sent, boolean nack, String error, String ackedVersion) {
    String type = XdsTypes.shortName(typeUrl);
    String node = s.node == null ? "?" : s.node.getId();
    if (nack) {
      counter("attache.xds.responses", type, "nack").increment();
      String rejected = sent == null ? "(unknown)" : sent.version();
      String message = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) + "…" : error;
      s.lastNack = type + " version " + rejected + ": " + message;
      log.warn("xDS NACK: node {} (gateway {}) rejected {} version {}: {}; it keeps serving version {}",
          node, s.node == null ? "?" : XdsSnapshots.gatewayOf(s.node), type, rejected, message,
          s.acked.getOrDefault(typeUrl, "(none)"));
      return;
    }
    counter("attache.xds.responses", type, "ack").increment();
    s.acked.put(typeUrl, ackedVersion);
  }

  private Counter counter(String name, String type, String result) {
    return counters.computeIfAbsent(name + "|" + type + "|" + result, k -> {
      var b = Counter.builder(name).tag("type", type);
      if (!result.isEmpty()) {
        b.tag("result", result);
      }
      return b.description(name.endsWith("pushes") ? "xDS responses sent to Envoy, by type"
          : "Envoy's answers to xDS responses (ack or nack), by type").register(registry);
    });
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    Stream s = streams.get(streamId);
    if (s != null) {
      s.remember(response.getNonce(), new Sent(response.getTypeUrl(), response.getVersionInfo()));
    }
    counter("attache.xds.pushes", XdsTypes.shortName(response.getTypeUrl()), "").increment();
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    Stream s = streams.get(streamId);
    if (s != null) {
      s.remember(response.getNonce(), new Sent(response.getTypeUrl(), response.getSystemVersionInfo()));
    }
    counter("attache.xds.pushes", XdsTypes.shortName(response.getTypeUrl()), "").increment();
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
    DiscoveryRequest r = request.v3Request();
    Stream s = current.get();
    DiscoveryRequest.Builder fixed = null;
    if (s != null && !r.hasNode() && s.node != null) {
      fixed = r.toBuilder().setNode(s.node);
    }
    if (s != null && r.hasErrorDetail()) {
      Sent rejected = s.sent.get(r.getResponseNonce());
      if (rejected != null) {
        fixed = (fixed == null ? r.toBuilder() : fixed).setVersionInfo(rejected.version());
      }
    }
    XdsRequest effective = fixed == null ? request : XdsRequest.create(fixed.build());
    return cache.createWatch(ads, effective, knownResourceNames, responseConsumer, hasClusterChanged,
        allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    DeltaDiscoveryRequest r = request.v3Request();
    Stream s = current.get();
    DeltaXdsRequest effective = request;
    if (s != null && !r.hasNode() && s.node != null) {
      effective = DeltaXdsRequest.create(r.toBuilder().setNode(s.node).build());
    }
    return cache.createDeltaWatch(effective, requesterVersion, resourceVersions, pendingResources, isWildcard,
        responseConsumer, hasClusterChanged);
  }

  /** A node's view, as /config_dump shows it. */
  record NodeStatus(String nodeId, String gateway, boolean delta, long streamId, Map<String, String> ackedVersions,
      String lastNack) {
  }

  private record Sent(String typeUrl, String version) {
  }

  private static final class Stream {
    private static final int REMEMBERED = 64;
    volatile Node node;
    volatile boolean delta;
    volatile String lastNack = "";
    final Map<String, String> acked = new ConcurrentHashMap<>();
    // nonce -> what was sent; bounded, since only the latest few can still be answered
    final Map<String, Sent> sent = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > REMEMBERED;
          }
        });

    void remember(String nonce, Sent what) {
      sent.put(nonce, what);
    }
  }
}

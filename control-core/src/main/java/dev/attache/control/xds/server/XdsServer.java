package dev.attache.control.xds.server;

import static java.util.Objects.requireNonNull;

import dev.attache.server.grpc.GrpcServer;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves Envoy configuration over xDS: ADS (state of the world and delta on the same service,
 * {@code envoy.service.discovery.v3.AggregatedDiscoveryService}) plus the per-type services, from
 * one snapshot per gateway (see {@link XdsSnapshots}). Metrics: {@code attache_xds_connected_nodes},
 * {@code attache_xds_streams}, {@code attache_xds_pushes_total{type}},
 * {@code attache_xds_responses_total{type,result=ack|nack}}, {@code attache_xds_snapshots_total{result}}.
 */
public final class XdsServer implements AutoCloseable {
  /** Envoy Gateway's xDS port. */
  public static final int DEFAULT_PORT = 18000;

  private final XdsSnapshots snapshots;
  private final StreamTracker tracker;
  private final GrpcServer grpc;

  private XdsServer(Builder b) {
    this.snapshots = new XdsSnapshots(b.registry);
    this.tracker = new StreamTracker(snapshots.cache(), b.registry);
    V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(tracker), tracker);
    this.grpc = GrpcServer.builder("xds")
        .host(b.host)
        .port(b.port)
        .shutdownGrace(b.shutdownGrace)
        .addService(discovery.getAggregatedDiscoveryServiceImpl())
        .addService(discovery.getClusterDiscoveryServiceImpl())
        .addService(discovery.getEndpointDiscoveryServiceImpl())
        .addService(discovery.getListenerDiscoveryServiceImpl())
        .addService(discovery.getRouteDiscoveryServiceImpl())
        .addService(discovery.getSecretDiscoveryServiceImpl())
        .build();
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  public XdsServer start() {
    grpc.start();
    return this;
  }

  /** The bound port (useful when the builder asked for 0). */
  public int port() {
    return grpc.port();
  }

  /** Where gateways' resources are published. */
  public XdsSnapshots snapshots() {
    return snapshots;
  }

  /** Ids of the Envoy nodes connected now. */
  public java.util.Set<String> connectedNodes() {
    return tracker.connectedNodes();
  }

  /** Live snapshot versions per gateway and, per connected node, what it ACKed and its last NACK. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("snapshots", snapshots.liveVersions());
    out.put("nodes", tracker.status());
    return out;
  }

  @Override
  public void close() {
    grpc.shutdown();
  }

  /** Settings of an {@link XdsServer}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private Duration shutdownGrace = Duration.ofSeconds(2);

    private Builder(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /** How long open xDS streams get at shutdown before they are cut (Envoy reconnects anyway). */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = requireNonNull(grace, "grace");
      return this;
    }

    public XdsServer build() {
      return new XdsServer(this);
    }
  }
}

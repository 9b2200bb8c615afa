package dev.attache.control.xds.bootstrap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.KeepaliveSettings;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * The Envoy bootstrap that points a proxy at Attaché's xDS server: ADS over gRPC (plaintext) to
 * the control plane, LDS and CDS from ADS, and the node's cluster set to the gateway key the
 * server files snapshots under ({@code <namespace>/<name>}), as Envoy Gateway does with
 * {@code --service-cluster}. The xDS cluster, keepalive and names follow Envoy Gateway's
 * bootstrap ({@code xds_cluster}, HTTP/2 keepalive 30 s / 5 s, {@code set_node_on_first_message_only}).
 */
public final class EnvoyBootstrap {
  /** The xDS cluster's name in Envoy Gateway's bootstrap. */
  public static final String XDS_CLUSTER = "xds_cluster";
  /** The cluster Wasm filters fetch their modules through (Envoy Gateway's name). */
  public static final String WASM_CLUSTER = "wasm_cluster";
  /** Where {@code serve} serves Wasm modules by default (Envoy Gateway's port). */
  public static final int WASM_DEFAULT_PORT = 18002;

  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(HttpProtocolOptions.getDescriptor()).build();

  private EnvoyBootstrap() {
  }

  /**
   * What to point at.
   *
   * @param xdsAddress host name or IP of the xDS server
   * @param gateway {@code <namespace>/<name>} of the Gateway (or the GatewayClass name when merged)
   * @param delta ADS with incremental (delta) xDS, as Envoy Gateway configures; otherwise state of the world
   */
  public record Settings(String xdsAddress, int xdsPort, String gateway, String nodeId, int adminPort,
      boolean delta, int wasmPort) {
    /** Settings with the Wasm module server on its default port. */
    public Settings(String xdsAddress, int xdsPort, String gateway, String nodeId, int adminPort, boolean delta) {
      this(xdsAddress, xdsPort, gateway, nodeId, adminPort, delta, WASM_DEFAULT_PORT);
    }

    public Settings {
      requireNonNull(xdsAddress, "xdsAddress");
      requireNonNull(gateway, "gateway");
      requireNonNull(nodeId, "nodeId");
      if (xdsPort <= 0 || xdsPort > 65535) {
        throw new IllegalArgumentException("xdsPort: " + xdsPort + " (expected: 1-65535)");
      }
      if (wasmPort <= 0 || wasmPort > 65535) {
        throw new IllegalArgumentException("wasmPort: " + wasmPort + " (expected: 1-65535)");
      }
      if (adminPort <= 0 || adminPort > 65535) {
        throw new IllegalArgumentException("adminPort: " + adminPort + " (expected: 1-65535)");
      }
      if (gateway.isBlank()) {
        throw new IllegalArgumentException("gateway: \"\" (expected: <namespace>/<name>)");
      }
    }
  }

  public static Bootstrap of(Settings s) {
    ConfigSource ads = ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3).setInitialFetchTimeout(Duration.getDefaultInstance()).build();
    HttpProtocolOptions h2 = HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.newBuilder()
                .setConnectionKeepalive(KeepaliveSettings.newBuilder()
                    .setInterval(Duration.newBuilder().setSeconds(30))
                    .setTimeout(Duration.newBuilder().setSeconds(5)))))
        .build();
    Cluster xds = staticCluster(XDS_CLUSTER, s.xdsAddress(), s.xdsPort()).toBuilder()
        .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.pack(h2))
        .build();
    // Wasm filters name this cluster in their remote code source; it reaches serve's module
    // server, which answers only at the unguessable paths it published for this gateway.
    Cluster wasm = staticCluster(WASM_CLUSTER, s.xdsAddress(), s.wasmPort());
    return Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId(s.nodeId()).setCluster(s.gateway()))
        .setAdmin(Admin.newBuilder().setAddress(address("127.0.0.1", s.adminPort())))
        .setDynamicResources(Bootstrap.DynamicResources.newBuilder()
            .setAdsConfig(ApiConfigSource.newBuilder()
                .setApiType(s.delta() ? ApiConfigSource.ApiType.DELTA_GRPC : ApiConfigSource.ApiType.GRPC)
                .setTransportApiVersion(ApiVersion.V3)
                .addGrpcServices(GrpcService.newBuilder()
                    .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(XDS_CLUSTER)))
                .setSetNodeOnFirstMessageOnly(true))
            .setLdsConfig(ads)
            .setCdsConfig(ads))
        .setStaticResources(Bootstrap.StaticResources.newBuilder().addClusters(xds).addClusters(wasm))
        .build();
  }

  /** A cluster of one host:port, resolved by DNS unless it is an IP address. */
  private static Cluster staticCluster(String name, String host, int port) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(isIpLiteral(host) ? Cluster.DiscoveryType.STATIC : Cluster.DiscoveryType.STRICT_DNS)
        .setConnectTimeout(Duration.newBuilder().setSeconds(10))
        .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name)
            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(address(host, port))))))
        .build();
  }

  /** The bootstrap as JSON with Envoy's field names (snake_case), as Envoy reads it with {@code -c}. */
  public static String json(Bootstrap b) {
    try {
      return JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames().print(b) + "\n";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("bootstrap does not print: " + e.getMessage(), e);
    }
  }

  /** The bootstrap as YAML (the JSON form, re-rendered). */
  public static String yaml(Bootstrap b) {
    try {
      JsonNode tree = new ObjectMapper().readTree(json(b));
      return YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build().writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a bootstrap back (JSON or YAML), checking every field against Envoy's protos. */
  public static Bootstrap parse(String text) throws InvalidProtocolBufferException {
    try {
      JsonNode tree = new YAMLMapper().readTree(text);
      Bootstrap.Builder b = Bootstrap.newBuilder();
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(new ObjectMapper().writeValueAsString(tree), b);
      return b.build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
  }

  private static Address address(String host, int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  /** An IP address (STATIC cluster) rather than a name to resolve (STRICT_DNS). */
  static boolean isIpLiteral(String host) {
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
  }
}

package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.HookException;
import dev.attache.extension.sdk.TranslateResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The extension server Envoy Gateway's {@code extension-xds-ir} goldens were made with (the test
 * server of its xDS translator tests), rewritten with the SDK: the same answers from the same
 * requests. Its decisions look at resource names and extension resources in the requests, as
 * upstream's do; errors carry gRPC status UNKNOWN, as a Go server's plain errors do.
 */
final class ReferenceExtension implements ExtensionHooks {
  private static final String INFERENCE_POOL = "InferencePool";
  private static final String EXAMPLE_POLICY = "ExampleExtPolicy";

  private static HookException error(String message) {
    return new HookException(Status.Code.UNKNOWN, message);
  }

  private static HeaderValueOption header(String key, String value) {
    return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(key).setValue(value)).build();
  }

  /** Stamps the route with its name, hostnames and each extension resource and policy it came with. */
  @Override
  public Route postRouteModify(Route route, HookContext.Route context) throws HookException {
    if (route.getName().equals("extension-post-xdsroute-hook-error")) {
      throw error("route hook resource error");
    }
    Route.Builder modified = route.toBuilder();
    for (ExtensionResource r : context.extensionResources()) {
      modified.addResponseHeadersToAdd(header("mock-extension-was-here-route-name", route.getName()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-route-hostnames",
              String.join(", ", context.hostnames())))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionRef-name", r.name()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionRef-namespace", r.namespace()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionRef-kind", r.kind()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionRef-apiversion", r.apiVersion()));
    }
    for (ExtensionResource p : context.extensionPolicies()) {
      modified.addResponseHeadersToAdd(header("mock-extension-was-here-extensionPolicy-name", p.name()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionPolicy-namespace", p.namespace()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionPolicy-kind", p.kind()))
          .addResponseHeadersToAdd(header("mock-extension-was-here-extensionPolicy-apiversion", p.apiVersion()));
    }
    return modified.build();
  }

  @Override
  public VirtualHost postVirtualHostModify(VirtualHost vh, HookContext.VirtualHost context) throws HookException {
    return switch (vh.getName()) {
      case "extension-post-xdsvirtualhost-hook-error/*" -> throw error("extension post xds virtual host hook error");
      case "extension-listener" -> vh.toBuilder().addRoutes(Route.newBuilder()
          .setName("mock-extension-inserted-route")
          .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200))).build();
      default -> vh;
    };
  }

  /** Turns the cluster of one InferencePool backend into an original-destination cluster. */
  @Override
  public Cluster postClusterModify(Cluster cluster, HookContext.Cluster context) throws HookException {
    Cluster.Builder modified = cluster.toBuilder();
    int pools = 0;
    for (ExtensionResource r : context.backendResources()) {
      if (pools == 1) {
        throw error("inference pool only support one per rule");
      }
      if (r.kind().equals(INFERENCE_POOL)) {
        if (r.spec().path("targetPortNumber").asLong(0) == 0) {
          throw error("inference pool target port number is 0");
        }
        modified.setOriginalDstLbConfig(Cluster.OriginalDstLbConfig.newBuilder()
                .setUseHttpHeader(true).setHttpHeaderName("x-gateway-destination-endpoint"))
            .clearEdsClusterConfig()
            .clearLoadAssignment()
            .clearCommonLbConfig()
            .setType(Cluster.DiscoveryType.ORIGINAL_DST);
        pools++;
      }
    }
    return modified.build();
  }

  /** Marks every endpoint, replacing its metadata. */
  @Override
  public ClusterLoadAssignment postEndpointsModify(ClusterLoadAssignment la, HookContext.Endpoints context) {
    Metadata applied = Metadata.newBuilder().putFilterMetadata("envoy-gateway.extension", Struct.newBuilder()
        .putFields("hook", Value.newBuilder().setStringValue("applied").build()).build()).build();
    ClusterLoadAssignment.Builder b = la.toBuilder();
    for (LocalityLbEndpoints.Builder locality : b.getEndpointsBuilderList()) {
      for (LbEndpoint.Builder ep : locality.getLbEndpointsBuilderList()) {
        ep.setMetadata(applied);
      }
    }
    return b.build();
  }

  @Override
  public Listener postHttpListenerModify(Listener listener, HookContext.Listener context) throws HookException {
    String name = listener.getName();
    List<ExtensionResource> policies = context.extensionResources();
    return switch (name) {
      case "extension-post-xdslistener-hook-error" -> throw error("extension post xds listener hook error");
      case "extension-listener" -> listener.toBuilder().setStatPrefix("mock-extension-inserted-prefix").build();
      case "policyextension-listener" -> {
        if (policies.isEmpty()) {
          throw error("expected a policy in the ext array");
        }
        JsonNode spec = policies.getFirst().object().get("spec");
        if (spec == null || !spec.isObject()) {
          throw error("can't find the spec section");
        }
        JsonNode data = spec.get("data");
        if (data == null || !data.isTextual()) {
          throw error("can't find the expected information");
        }
        yield listener.toBuilder().setStatPrefix(data.asText()).build();
      }
      case "envoy-gateway/gateway-1/http1", "envoy-gateway/gateway-1/udp1" -> {
        if (policies.size() != 1) {
          throw error("received " + policies.size() + " extension policies when expecting 1: " + name);
        }
        yield listener.toBuilder().setStatPrefix(name).build();
      }
      case "envoy-gateway/gateway-1/tcp1" -> throw error("should not be called for this listener, test"
          + " 'extensionpolicy-tcp-and-http' should merge tcp and http gateways to one listener");
      case "first-listener-error" ->
          throw error("simulate error when there is no default filter chain in the original resources");
      default -> listener;
    };
  }

  /**
   * Injects a cluster, a secret and, for an {@code ExampleExtPolicy}, a listener and a route
   * configuration; fails on a cluster of a {@code fail-close-error} service or a policy that does
   * not target a Gateway; passes everything through untouched next to a {@code custom-backend-dest}.
   */
  @Override
  public TranslateResources postTranslateModify(TranslateResources in, HookContext.Translate context)
      throws HookException {
    for (Cluster c : in.clusters()) {
      if (c.getName().equals("custom-backend-dest")) {
        return in;
      }
      if (c.hasEdsClusterConfig() && c.getEdsClusterConfig().getServiceName().contains("fail-close-error")) {
        throw error("cluster hook resource error: " + c.getEdsClusterConfig().getServiceName());
      }
    }
    List<Cluster> clusters = new ArrayList<>();
    for (Cluster c : in.clusters()) {
      clusters.add(c.getName().equals("first-route")
          ? c.toBuilder().setConnectTimeout(Duration.newBuilder().setSeconds(30)).build() : c);
    }
    Cluster.Builder injected = Cluster.newBuilder().setName("mock-extension-injected-cluster")
        .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName("mock-extension-injected-cluster")
            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                    SocketAddress.newBuilder().setAddress("exampleservice.examplenamespace.svc.cluster.local")
                        .setPortValue(5000).setProtocol(SocketAddress.Protocol.TCP)))))));
    for (ExtensionResource policy : context.extensionResources()) {
      JsonNode targetRef = policy.spec().get("targetRef");
      if (targetRef == null || !targetRef.isObject()) {
        throw error("failed to get targetRef kind: targetRef not found or error");
      }
      JsonNode kind = targetRef.get("kind");
      if (kind == null || !kind.isTextual()) {
        throw error("failed to get targetRef kind: kind is not a string or missing in targetRef");
      }
      if (policy.kind().equals(EXAMPLE_POLICY) && kind.asText().equals("Gateway")) {
        injected.setTransportSocket(TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
            .setTypedConfig(Any.pack(sdsClientCertificate())));
      } else if (policy.kind().equals(EXAMPLE_POLICY)) {
        throw error("invalid extension policy : " + policy.name());
      }
    }
    clusters.add(injected.build());

    List<Secret> secrets = new ArrayList<>(in.secrets());
    secrets.add(Secret.newBuilder().setName("mock-extension-injected-secret")
        .setGenericSecret(GenericSecret.newBuilder().setSecret(
            DataSource.newBuilder().setInlineString("super-secret-extension-secret"))).build());

    List<Listener> listeners = new ArrayList<>();
    for (Listener l : in.listeners()) {
      listeners.add(l.getName().equals("test-listener-modify")
          ? l.toBuilder().setStatPrefix("extension-modified-listener").build() : l);
    }
    List<RouteConfiguration> routes = new ArrayList<>();
    for (RouteConfiguration rc : in.routes()) {
      routes.add(rc.getName().equals("test-route-modify")
          ? rc.toBuilder().addResponseHeadersToAdd(header("x-extension-modified", "true")).build() : rc);
    }
    if (context.extensionResources().stream().anyMatch(p -> p.kind().equals(EXAMPLE_POLICY))) {
      listeners.add(Listener.newBuilder().setName("extension-injected-listener")
          .setStatPrefix("extension-injected").build());
      routes.add(RouteConfiguration.newBuilder().setName("extension-injected-route")
          .addResponseHeadersToAdd(header("x-extension-injected", "route")).build());
    }
    return new TranslateResources(clusters, secrets, listeners, routes);
  }

  private static UpstreamTlsContext sdsClientCertificate() {
    return UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
        .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName("default")
            .setSdsConfig(ConfigSource.newBuilder().setApiConfigSource(ApiConfigSource.newBuilder()
                .setApiType(ApiConfigSource.ApiType.GRPC)
                .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                    GrpcService.EnvoyGrpc.newBuilder().setClusterName("sds-cluster")))))))
        .build();
  }
}

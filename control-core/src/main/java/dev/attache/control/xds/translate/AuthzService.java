package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.PolicyMetadata;
import dev.attache.control.ir.SecurityFeatures;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.CheckSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * SecurityPolicy JWT, API key, basic auth and authorization, enforced by Attaché's authz-service
 * instead of Envoy's native filters (a deliberate difference from Envoy Gateway): one ext_authz
 * filter, off by default, turned on per guarded route with the policy it answers from in
 * {@code context_extensions["attache.io/policy"] = "<namespace>/<name>"}.
 */
final class AuthzService implements HttpFeature {
  static final String FILTER = "envoy.filters.http.ext_authz/attache-authz";
  static final String CLUSTER = "attache-authz";
  static final String POLICY_KEY = "attache.io/policy";

  /** Whether the route has a feature the authz-service enforces. */
  static boolean guarded(HttpRoute r) {
    SecurityFeatures s = r.security();
    return s != null && (s.jwt() != null || s.basicAuth() != null || s.apiKeyAuth() != null
        || s.authorization() != null);
  }

  /**
   * The SecurityPolicy behind a guarded route: from the route's policy metadata, else from the
   * {@code securitypolicy/<namespace>/<name>} name basic auth carries.
   */
  static Optional<String> policy(HttpRoute r) {
    if (r.metadata() != null) {
      for (PolicyMetadata p : r.metadata().policies()) {
        if ("SecurityPolicy".equals(p.kind())) {
          return Optional.of(p.namespace() + "/" + p.name());
        }
      }
    }
    var basic = r.security().basicAuth();
    if (basic != null && basic.path("name").asText().startsWith("securitypolicy/")) {
      return Optional.of(basic.path("name").asText().substring("securitypolicy/".length()));
    }
    return Optional.empty();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().noneMatch(AuthzService::guarded)
        || hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    ExtAuthz config = ExtAuthz.newBuilder()
        .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(
            GrpcService.EnvoyGrpc.newBuilder().setClusterName(CLUSTER)))
        .setTransportApiVersion(ApiVersion.V3)
        .build();
    hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(Any.pack(config))
        .setDisabled(true));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (!guarded(irRoute)) {
      return;
    }
    String policy = policy(irRoute).orElseThrow(() -> new IllegalArgumentException(
        "its SecurityPolicy is not named (expected: metadata.policies with kind SecurityPolicy)"));
    route.putTypedPerFilterConfig(FILTER, Any.pack(ExtAuthzPerRoute.newBuilder().setCheckSettings(
        CheckSettings.newBuilder().putContextExtensions(POLICY_KEY, policy)).build()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    if (routes.stream().noneMatch(AuthzService::guarded) || table.hasCluster(CLUSTER)) {
      return;
    }
    URI url = URI.create(context.settings().authzServiceUrl());
    DestinationSetting ds = new DestinationSetting(CLUSTER + "/backend/-1", false, false, 1, null,
        Destinations.GRPC, false,
        List.of(new DestinationEndpoint(null, url.getHost(), url.getPort(), null, false, null)),
        null, null, null, null, null, null, false);
    Clusters.add(table, ClusterArgs.builder(CLUSTER, List.of(ds)).forceDns(true).build(),
        context.settings());
  }
}

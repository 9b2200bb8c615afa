package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.ContextExtension;
import dev.attache.control.ir.ExtAuth;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Retry;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.AuthorizationResponse;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.BufferSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.CheckSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.HttpService;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.ListStringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SecurityPolicy extAuth: the user's own authorization service over HTTP or gRPC. One ext_authz
 * filter per policy ({@code envoy.filters.http.ext_authz/<policy>}), off by default and turned on
 * by the routes the policy covers.
 */
final class ExtAuthorization implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.ext_authz/";
  private static final Duration DEFAULT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  private static ExtAuth extAuth(HttpRoute r) {
    return r.security() == null ? null : r.security().extAuth();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      ExtAuth auth = extAuth(route);
      if (auth == null || hcm.getHttpFiltersList().stream()
          .anyMatch(f -> f.getName().equals(PREFIX + auth.name()))) {
        continue;
      }
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + auth.name()).setDisabled(true)
          .setTypedConfig(Any.pack(config(auth))));
    }
  }

  private static ExtAuthz config(ExtAuth auth) {
    ExtAuthz.Builder config = ExtAuthz.newBuilder().setTransportApiVersion(ApiVersion.V3);
    if (auth.failOpen() != null) {
      config.setFailureModeAllow(auth.failOpen());
    }
    if (auth.recomputeRoute() != null) {
      config.setClearRouteCache(auth.recomputeRoute());
    }
    if (Boolean.TRUE.equals(auth.includeRouteMetadata())) {
      config.addRouteMetadataContextNamespaces("envoy-gateway");
    }
    if (auth.bodyToExtAuth() != null) {
      config.setWithRequestBody(BufferSettings.newBuilder()
          .setMaxRequestBytes(auth.bodyToExtAuth().maxRequestBytes()));
    }
    if (!auth.headersToExtAuth().isEmpty()) {
      config.setAllowedHeaders(exactIgnoringCase(auth.headersToExtAuth()));
    }
    Duration timeout = auth.timeout() == null ? DEFAULT_TIMEOUT : auth.timeout().toProto();
    RetryPolicy retry = auth.traffic() == null || auth.traffic().retry() == null
        ? null : nonRouteRetry(auth.traffic().retry());
    if (auth.http() != null) {
      var http = auth.http();
      String path = http.pathOverride().isEmpty() ? http.path() : http.pathOverride();
      HttpService.Builder service = HttpService.newBuilder().setPathPrefix(http.path())
          .setServerUri(HttpUri.newBuilder().setUri("http://" + http.authority() + path)
              .setCluster(http.destination() == null ? "" : http.destination().name())
              .setTimeout(timeout));
      if (!http.pathOverride().isEmpty()) {
        NewerEnvoyFields.setString(service, "path_override", http.pathOverride());
      }
      if (!http.headersToBackend().isEmpty()) {
        service.setAuthorizationResponse(AuthorizationResponse.newBuilder()
            .setAllowedUpstreamHeaders(exactIgnoringCase(http.headersToBackend())));
      }
      if (retry != null) {
        NewerEnvoyFields.setMessage(service, "retry_policy", retry);
      }
      config.setHttpService(service);
    } else if (auth.grpc() != null) {
      GrpcService.Builder service = GrpcService.newBuilder().setEnvoyGrpc(
          GrpcService.EnvoyGrpc.newBuilder()
              .setClusterName(auth.grpc().destination() == null ? ""
                  : auth.grpc().destination().name())
              .setAuthority(auth.grpc().authority()))
          .setTimeout(timeout);
      if (retry != null) {
        service.setRetryPolicy(retry);
      }
      config.setGrpcService(service);
    }
    if (auth.statusOnError() != null) {
      config.setStatusOnError(HttpStatus.newBuilder()
          .setCode(StatusCode.forNumber(auth.statusOnError())));
    }
    return config.build();
  }

  private static ListStringMatcher exactIgnoringCase(List<String> names) {
    ListStringMatcher.Builder list = ListStringMatcher.newBuilder();
    names.forEach(n -> list.addPatterns(StringMatcher.newBuilder().setExact(n).setIgnoreCase(true)));
    return list.build();
  }

  /** A retry policy for a filter's own calls: triggers, count and back-off only. */
  static RetryPolicy nonRouteRetry(Retry r) {
    RetryPolicy.Builder p = RetryPolicy.newBuilder().setRetryOn(
        "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes");
    if (r.perRetry() != null && r.perRetry().backOff() != null) {
      var b = r.perRetry().backOff();
      BackoffStrategy.Builder backoff = BackoffStrategy.newBuilder();
      if (b.baseInterval() != null) {
        backoff.setBaseInterval(b.baseInterval().toProto());
      }
      if (b.maxInterval() != null) {
        backoff.setMaxInterval(b.maxInterval().toProto());
      }
      p.setRetryBackOff(backoff);
    }
    if (r.numRetries() != null) {
      p.setNumRetries(UInt32Value.of(r.numRetries()));
    }
    if (r.retryOn() != null && !r.retryOn().triggers().isEmpty()) {
      p.setRetryOn(String.join(",", r.retryOn().triggers()));
    }
    return p.build();
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    ExtAuth auth = extAuth(irRoute);
    if (auth == null) {
      return;
    }
    CheckSettings.Builder check = CheckSettings.newBuilder();
    for (ContextExtension e : auth.contextExtensions()) {
      check.putContextExtensions(e.name(), e.value() == null ? ""
          : new String(e.value().toArray(), StandardCharsets.UTF_8));
    }
    route.putTypedPerFilterConfig(PREFIX + auth.name(), Any.pack(ExtAuthzPerRoute.newBuilder()
        .setCheckSettings(check).build()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    for (HttpRoute route : routes) {
      ExtAuth auth = extAuth(route);
      if (auth == null) {
        continue;
      }
      var destination = auth.http() != null ? auth.http().destination()
          : auth.grpc() == null ? null : auth.grpc().destination();
      if (destination == null) {
        continue;
      }
      Clusters.add(table, ServiceClusters.collectorArgs(destination, auth.traffic(), null, null),
          context.settings());
      UpstreamTls.addClientCertificates(table, destination.settings());
    }
  }
}

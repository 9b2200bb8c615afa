package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ConnectionLimit;
import dev.attache.control.ir.HeaderSettings;
import dev.attache.control.ir.Http1Settings;
import dev.attache.control.ir.Http2Settings;
import dev.attache.control.ir.HttpClientTimeout;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.filters.http.grpc_stats.v3.FilterConfig;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit.Builder;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig;
import java.util.ArrayList;
import java.util.List;

/** The HTTP connection manager of an HTTP listener, with Envoy Gateway's defaults. */
final class ConnectionManager {
  static final String ROUTER = "envoy.filters.http.router";
  private static final int MAX_CONCURRENT_STREAMS = 100;
  private static final int INITIAL_STREAM_WINDOW = 65536;
  private static final int INITIAL_CONNECTION_WINDOW = 1048576;

  private ConnectionManager() {}

  static String statPrefix(HttpListener listener, boolean v2) {
    String prefix = listener.tls() != null ? "https" : "http";
    return prefix + "-" + (v2 ? listener.externalPort() : listener.port());
  }

  static String routeConfigName(HttpListener listener, boolean v2) {
    if (listener.tls() == null && v2) {
      return "http-" + listener.externalPort();
    }
    return listener.name();
  }

  static HttpConnectionManager.Builder build(HttpListener listener, boolean v2) {
    HeaderSettings headers = listener.headers();
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setCodecType(HttpConnectionManager.CodecType.AUTO)
        .setStatPrefix(statPrefix(listener, v2))
        .setRds(Rds.newBuilder().setConfigSource(ConfigSources.ads())
            .setRouteConfigName(routeConfigName(listener, v2)))
        .setServerHeaderTransformation(HttpConnectionManager.ServerHeaderTransformation.PASS_THROUGH)
        .setHttp2ProtocolOptions(http2(listener.http2()))
        .setUseRemoteAddress(BoolValue.of(true))
        .setNormalizePath(BoolValue.of(true))
        .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder()
            .setHeadersWithUnderscoresAction(underscores(headers)));
    Http1ProtocolOptions http1 = http1(listener.http1());
    if (http1 != null) {
      hcm.setHttpProtocolOptions(http1);
    }
    if (listener.path() != null) {
      hcm.setMergeSlashes(listener.path().mergeSlashes());
      hcm.setPathWithEscapedSlashesAction(escapedSlashes(listener.path().escapedSlashesAction()));
    }
    ClientIpDetectionExtensions.apply(hcm, listener.clientIPDetection());
    if (headers != null) {
      ClientCertForwarding.apply(hcm, headers.xForwardedClientCert());
      if (!headers.earlyAddRequestHeaders().isEmpty() || !headers.earlyRemoveRequestHeaders().isEmpty()
          || !headers.earlyRemoveRequestHeadersOnMatch().isEmpty()) {
        hcm.addEarlyHeaderMutationExtensions(TypedExtensionConfig.newBuilder()
            .setName("envoy.http.early_header_mutation.header_mutation")
            .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.http.early_header_mutation
                .header_mutation.v3.HeaderMutation.newBuilder().addAllMutations(
                    HeaderMutations.rules(headers.earlyAddRequestHeaders(),
                        headers.earlyRemoveRequestHeaders(),
                        headers.earlyRemoveRequestHeadersOnMatch())).build())));
      }
    }
    if (listener.host() != null) {
      hcm.setStripTrailingHostDot(listener.host().stripTrailingHostDot());
    }
    if (listener.matchBackendScheme()) {
      hcm.setSchemeHeaderTransformation(
          io.envoyproxy.envoy.config.core.v3.SchemeHeaderTransformation.newBuilder()
              .setMatchUpstream(true));
    }
    if (listener.requestID() != null && !listener.requestID().equals("PackAndSample")) {
      hcm.setRequestIdExtension(io.envoyproxy.envoy.extensions.filters.network
          .http_connection_manager.v3.RequestIDExtension.newBuilder()
          .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.request_id.uuid.v3
              .UuidRequestIdConfig.newBuilder()
              .setPackTraceReason(BoolValue.of(listener.requestID().equals("Pack")))
              .setUseRequestIdForTraceSampling(BoolValue.of(listener.requestID().equals("Sample")))
              .build())));
    }
    if (headers != null && headers.maxRequestHeadersKB() != null) {
      hcm.setMaxRequestHeadersKb(UInt32Value.of(headers.maxRequestHeadersKB()));
    }
    if (headers != null && headers.requestID() != null) {
      switch (headers.requestID()) {
        case "PreserveOrGenerate" -> hcm.setGenerateRequestId(BoolValue.of(true))
            .setPreserveExternalRequestId(true);
        case "Preserve" -> hcm.setGenerateRequestId(BoolValue.of(false))
            .setPreserveExternalRequestId(true);
        case "Disable" -> hcm.setGenerateRequestId(BoolValue.of(false))
            .setPreserveExternalRequestId(false);
        case "Generate" -> hcm.setGenerateRequestId(BoolValue.of(true))
            .setPreserveExternalRequestId(false);
        default -> { }
      }
    }
    HttpClientTimeout timeout = listener.timeout() == null ? null : listener.timeout().http();
    if (timeout != null) {
      if (timeout.requestReceivedTimeout() != null) {
        hcm.setRequestTimeout(timeout.requestReceivedTimeout().toProto());
      }
      if (timeout.requestHeadersReceivedTimeout() != null) {
        hcm.setRequestHeadersTimeout(timeout.requestHeadersReceivedTimeout().toProto());
      }
      if (timeout.idleTimeout() != null) {
        hcm.getCommonHttpProtocolOptionsBuilder()
            .setIdleTimeout(timeout.idleTimeout().toProto());
      }
      if (timeout.streamIdleTimeout() != null) {
        hcm.setStreamIdleTimeout(timeout.streamIdleTimeout().toProto());
      }
    }
    if (listener.grpc() != null) {
      if (Boolean.TRUE.equals(listener.grpc().enableGRPCWeb())) {
        hcm.addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.grpc_web")
            .setTypedConfig(Any.pack(GrpcWeb.getDefaultInstance())));
      }
      if (Boolean.TRUE.equals(listener.grpc().enableGRPCStats())) {
        hcm.addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.grpc_stats")
            .setTypedConfig(Any.pack(FilterConfig.newBuilder().setEmitFilterState(true)
                .setStatsForAllMethods(BoolValue.of(true)).build())));
      }
    }
    ClientConnection connection = listener.connection();
    if (connection != null && connection.limit() != null) {
      ConnectionLimit limit = connection.limit();
      HttpProtocolOptions.Builder common = hcm.getCommonHttpProtocolOptionsBuilder();
      if (limit.maxConnectionDuration() != null) {
        common.setMaxConnectionDuration(limit.maxConnectionDuration().toProto());
        hcm.setHttp1SafeMaxConnectionDuration(
            listener.http1() == null || !listener.http1().disableSafeMaxConnectionDuration());
      }
      if (limit.maxRequestsPerConnection() != null) {
        common.setMaxRequestsPerConnection(UInt32Value.of(limit.maxRequestsPerConnection()));
      }
      if (limit.maxStreamDuration() != null) {
        common.setMaxStreamDuration(limit.maxStreamDuration().toProto());
      }
    }
    return hcm;
  }

  /** Adds the features' filters and the router, then puts all filters in Envoy Gateway's order. */
  static void addHttpFilters(HttpConnectionManager.Builder hcm, HttpListener listener,
      HttpFeature.Context context) {
    for (HttpFeature feature : HttpFeatures.ORDERED) {
      feature.patchHcm(hcm, listener, context);
    }
    if (hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(ROUTER))) {
      boolean envoyHeaders = listener.headers() != null && listener.headers().enableEnvoyHeaders();
      var upstreamLogs = AccessLogs.build(context.accessLog(), AccessLogs.Where.UPSTREAM);
      Router.Builder router = Router.newBuilder().setSuppressEnvoyHeaders(!envoyHeaders)
          .addAllUpstreamLog(upstreamLogs);
      if (!upstreamLogs.isEmpty()) {
        router.setUpstreamLogOptions(Router.UpstreamAccessLogOptions.newBuilder()
            .setFlushUpstreamLogOnUpstreamStream(true));
      }
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(ROUTER).setTypedConfig(Any.pack(
          router.build())));
    }
    List<HttpFilter> sorted = HttpFilterOrder.sort(hcm.getHttpFiltersList(),
        context.filterOrder());
    hcm.clearHttpFilters().addAllHttpFilters(sorted);
  }

  /** The connection_limit network filter, when the listener limits connections. */
  static io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit
      connectionLimit(String statPrefix, ClientConnection connection) {
    Builder cl = io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit
        .newBuilder().setStatPrefix(statPrefix)
        .setMaxConnections(UInt64Value.of(connection.limit().value()));
    if (connection.limit().closeDelay() != null) {
      cl.setDelay(connection.limit().closeDelay().toProto());
    }
    return cl.build();
  }

  static Http1ProtocolOptions http1(Http1Settings opts) {
    if (opts == null || (!opts.enableTrailers() && !opts.preserveHeaderCase()
        && opts.http10() == null && opts.ignoredUpgradeTypes().isEmpty())) {
      return null;
    }
    Http1ProtocolOptions.Builder out = Http1ProtocolOptions.newBuilder()
        .setEnableTrailers(opts.enableTrailers());
    if (opts.preserveHeaderCase()) {
      out.setHeaderKeyFormat(Http1ProtocolOptions.HeaderKeyFormat.newBuilder()
          .setStatefulFormatter(TypedExtensionConfig.newBuilder().setName("preserve_case")
              .setTypedConfig(Any.pack(PreserveCaseFormatterConfig.getDefaultInstance()))));
    }
    if (opts.http10() != null) {
      out.setAcceptHttp10(true);
      if (opts.http10().defaultHost() != null) {
        out.setDefaultHostForHttp10(opts.http10().defaultHost());
      }
    }
    for (StringMatch m : opts.ignoredUpgradeTypes()) {
      out.addIgnoreHttp11Upgrade(Matchers.string(m));
    }
    return out.build();
  }

  /**
   * HTTP/2 options with Envoy Gateway's defaults. The IR's JSON names of the two window sizes
   * are crossed over upstream ({@code initialConnectionWindowSize} carries the stream window);
   * this keeps the meaning upstream gives them.
   */
  static Http2ProtocolOptions http2(Http2Settings opts) {
    Integer streamWindow = opts == null ? null : opts.initialConnectionWindowSize();
    Integer connectionWindow = opts == null ? null : opts.initialStreamWindowSize();
    Http2ProtocolOptions.Builder out = Http2ProtocolOptions.newBuilder()
        .setMaxConcurrentStreams(UInt32Value.of(opts != null && opts.maxConcurrentStreams() != null
            ? opts.maxConcurrentStreams() : MAX_CONCURRENT_STREAMS))
        .setInitialStreamWindowSize(UInt32Value.of(
            streamWindow != null ? streamWindow : INITIAL_STREAM_WINDOW))
        .setInitialConnectionWindowSize(UInt32Value.of(
            connectionWindow != null ? connectionWindow : INITIAL_CONNECTION_WINDOW));
    if (opts != null && opts.resetStreamOnError() != null) {
      out.setOverrideStreamErrorOnInvalidHttpMessage(BoolValue.of(opts.resetStreamOnError()));
    }
    if (opts != null && opts.connectionKeepalive() != null) {
      var k = opts.connectionKeepalive();
      io.envoyproxy.envoy.config.core.v3.KeepaliveSettings.Builder keepalive =
          io.envoyproxy.envoy.config.core.v3.KeepaliveSettings.newBuilder();
      if (k.interval() != null) {
        keepalive.setInterval(k.interval().toProto());
      }
      if (k.timeout() != null) {
        keepalive.setTimeout(k.timeout().toProto());
      }
      if (k.intervalJitter() != null) {
        keepalive.setIntervalJitter(io.envoyproxy.envoy.type.v3.Percent.newBuilder()
            .setValue(k.intervalJitter()));
      }
      if (k.idleInterval() != null) {
        keepalive.setConnectionIdleInterval(k.idleInterval().toProto());
      }
      out.setConnectionKeepalive(keepalive);
    }
    return out.build();
  }

  private static HttpProtocolOptions.HeadersWithUnderscoresAction underscores(HeaderSettings h) {
    String action = h == null || h.withUnderscoresAction() == null ? "" : h.withUnderscoresAction();
    return switch (action) {
      case "Allow" -> HttpProtocolOptions.HeadersWithUnderscoresAction.ALLOW;
      case "DropHeader" -> HttpProtocolOptions.HeadersWithUnderscoresAction.DROP_HEADER;
      default -> HttpProtocolOptions.HeadersWithUnderscoresAction.REJECT_REQUEST;
    };
  }

  private static HttpConnectionManager.PathWithEscapedSlashesAction escapedSlashes(String action) {
    return switch (action == null ? "" : action) {
      case "KeepUnchanged" -> HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED;
      case "RejectRequest" -> HttpConnectionManager.PathWithEscapedSlashesAction.REJECT_REQUEST;
      case "UnescapeAndRedirect" ->
          HttpConnectionManager.PathWithEscapedSlashesAction.UNESCAPE_AND_REDIRECT;
      case "UnescapeAndForward" ->
          HttpConnectionManager.PathWithEscapedSlashesAction.UNESCAPE_AND_FORWARD;
      default -> HttpConnectionManager.PathWithEscapedSlashesAction.IMPLEMENTATION_SPECIFIC_DEFAULT;
    };
  }
}

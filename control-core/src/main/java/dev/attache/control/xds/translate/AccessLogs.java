package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.control.ir.AccessLog;
import dev.attache.control.ir.AlsAccessLog;
import dev.attache.control.ir.JsonAccessLog;
import dev.attache.control.ir.MapEntry;
import dev.attache.control.ir.OtelAccessLog;
import dev.attache.control.ir.TextAccessLog;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.AndFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ExtensionFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ResponseFlagFilter;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.CommonGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig;
import io.envoyproxy.envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Access logs, as Envoy Gateway writes them at each place Envoy logs: the listener (connections
 * no route took, by default only "no route" ones), the HTTP connection manager and TCP/UDP proxy
 * (requests), and the router (upstream attempts, only when asked for).
 */
final class AccessLogs {
  /** Where a log is attached; a log without a type goes to listener and route, not upstream. */
  enum Where { LISTENER, ROUTE, UPSTREAM }

  private static final String REQ_WITHOUT_QUERY = "%REQ_WITHOUT_QUERY";
  private static final Map<String, String> DEFAULT_JSON_FIELDS = new TreeMap<>(Map.ofEntries(
      Map.entry("start_time", "%START_TIME%"),
      Map.entry("method", "%REQ(:METHOD)%"),
      Map.entry("x-envoy-origin-path", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"),
      Map.entry("protocol", "%PROTOCOL%"),
      Map.entry("response_code", "%RESPONSE_CODE%"),
      Map.entry("response_flags", "%RESPONSE_FLAGS%"),
      Map.entry("response_code_details", "%RESPONSE_CODE_DETAILS%"),
      Map.entry("connection_termination_details", "%CONNECTION_TERMINATION_DETAILS%"),
      Map.entry("upstream_transport_failure_reason", "%UPSTREAM_TRANSPORT_FAILURE_REASON%"),
      Map.entry("bytes_received", "%BYTES_RECEIVED%"),
      Map.entry("bytes_sent", "%BYTES_SENT%"),
      Map.entry("duration", "%DURATION%"),
      Map.entry("x-envoy-upstream-service-time", "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%"),
      Map.entry("x-forwarded-for", "%REQ(X-FORWARDED-FOR)%"),
      Map.entry("user-agent", "%REQ(USER-AGENT)%"),
      Map.entry("x-request-id", "%REQ(X-REQUEST-ID)%"),
      Map.entry(":authority", "%REQ(:AUTHORITY)%"),
      Map.entry("upstream_host", "%UPSTREAM_HOST%"),
      Map.entry("upstream_cluster", "%UPSTREAM_CLUSTER%"),
      Map.entry("upstream_local_address", "%UPSTREAM_LOCAL_ADDRESS%"),
      Map.entry("downstream_local_address", "%DOWNSTREAM_LOCAL_ADDRESS%"),
      Map.entry("downstream_remote_address", "%DOWNSTREAM_REMOTE_ADDRESS%"),
      Map.entry("requested_server_name", "%REQUESTED_SERVER_NAME%"),
      Map.entry("route_name", "%ROUTE_NAME%")));

  private AccessLogs() {}

  static List<io.envoyproxy.envoy.config.accesslog.v3.AccessLog> build(AccessLog al, Where where) {
    List<io.envoyproxy.envoy.config.accesslog.v3.AccessLog> out = new ArrayList<>();
    if (al == null) {
      return out;
    }
    for (TextAccessLog text : al.text()) {
      if (!matches(text.logType(), where)) {
        continue;
      }
      if (text.format() == null) {
        throw new IllegalArgumentException("text.Format is nil (access log to " + text.path()
            + " has no format)");
      }
      SubstitutionFormatString.Builder format = SubstitutionFormatString.newBuilder()
          .setTextFormatSource(DataSource.newBuilder().setInlineString(text.format()));
      if (text.format().contains(REQ_WITHOUT_QUERY)) {
        format.addFormatters(reqWithoutQuery());
      }
      out.add(log("envoy.access_loggers.file", FileAccessLog.newBuilder().setPath(text.path())
          .setLogFormat(format).build(), filter(text.celMatches(), defaultListener(text.logType(), where))));
    }
    for (JsonAccessLog json : al.json()) {
      if (!matches(json.logType(), where)) {
        continue;
      }
      List<MapEntry> fields = json.json().isEmpty() ? defaults() : json.json();
      Struct.Builder struct = Struct.newBuilder();
      boolean withoutQuery = false;
      for (MapEntry e : fields) {
        struct.putFields(e.key(), Value.newBuilder().setStringValue(e.value()).build());
        withoutQuery |= e.value().contains(REQ_WITHOUT_QUERY);
      }
      SubstitutionFormatString.Builder format = SubstitutionFormatString.newBuilder()
          .setJsonFormat(struct);
      if (withoutQuery) {
        format.addFormatters(reqWithoutQuery());
      }
      out.add(log("envoy.access_loggers.file", FileAccessLog.newBuilder().setPath(json.path())
          .setLogFormat(format).build(), filter(json.celMatches(), defaultListener(json.logType(), where))));
    }
    for (AlsAccessLog als : al.als()) {
      if (!matches(als.logType(), where)) {
        continue;
      }
      CommonGrpcAccessLogConfig common = CommonGrpcAccessLogConfig.newBuilder()
          .setLogName(als.name())
          .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
              .setClusterName(als.destination() == null ? "" : als.destination().name())))
          .setTransportApiVersion(ApiVersion.V3).build();
      AccessLogFilter f = filter(als.celMatches(), defaultListener(als.logType(), where));
      switch (als.type()) {
        case "HTTP" -> {
          HttpGrpcAccessLogConfig.Builder http = HttpGrpcAccessLogConfig.newBuilder()
              .setCommonConfig(common);
          if (als.http() != null) {
            http.addAllAdditionalRequestHeadersToLog(als.http().requestHeaders())
                .addAllAdditionalResponseHeadersToLog(als.http().responseHeaders())
                .addAllAdditionalResponseTrailersToLog(als.http().responseTrailers());
          }
          out.add(log("envoy.access_loggers.http_grpc", http.build(), f));
        }
        case "TCP" -> out.add(log("envoy.access_loggers.tcp_grpc",
            TcpGrpcAccessLogConfig.newBuilder().setCommonConfig(common).build(), f));
        default -> { }
      }
    }
    for (OtelAccessLog otel : al.openTelemetry()) {
      if (!matches(otel.logType(), where)) {
        continue;
      }
      GrpcService.Builder service = GrpcService.newBuilder().setEnvoyGrpc(
          GrpcService.EnvoyGrpc.newBuilder()
              .setClusterName(otel.destination() == null ? "" : otel.destination().name())
              .setAuthority(otel.authority()));
      otel.headers().forEach(h -> service.addInitialMetadata(
          HeaderValue.newBuilder().setKey(h.name()).setValue(h.value())));
      OpenTelemetryAccessLogConfig.Builder config = OpenTelemetryAccessLogConfig.newBuilder()
          .setCommonConfig(CommonGrpcAccessLogConfig.newBuilder()
              .setLogName("otel_envoy_accesslog").setGrpcService(service)
              .setTransportApiVersion(ApiVersion.V3))
          .setResourceAttributes(keyValues(otel.resourceAttributes(), false));
      String body = otel.text() == null ? "" : otel.text();
      if (!body.isEmpty()) {
        config.setBody(AnyValue.newBuilder().setStringValue(body));
      }
      List<MapEntry> attributes = !otel.attributes().isEmpty() ? otel.attributes()
          : body.isEmpty() ? defaults() : List.of();
      config.setAttributes(keyValues(attributes, true));
      boolean withoutQuery = body.contains(REQ_WITHOUT_QUERY)
          || attributes.stream().anyMatch(e -> e.value().contains(REQ_WITHOUT_QUERY));
      if (withoutQuery) {
        config.addFormatters(reqWithoutQuery());
      }
      out.add(log("envoy.access_loggers.open_telemetry", config.build(),
          filter(otel.celMatches(), defaultListener(otel.logType(), where))));
    }
    return out;
  }

  /** Whether Envoy writes to this log at {@code where}. */
  private static boolean matches(String logType, Where where) {
    if (logType == null) {
      return where != Where.UPSTREAM;
    }
    return switch (logType) {
      case "Listener" -> where == Where.LISTENER;
      case "Route" -> where == Where.ROUTE;
      case "Upstream" -> where == Where.UPSTREAM;
      default -> false;
    };
  }

  /** An untyped log on a listener logs only connections no route matched (flag NR). */
  private static boolean defaultListener(String logType, Where where) {
    return where == Where.LISTENER && logType == null;
  }

  private static AccessLogFilter filter(List<String> celMatches, boolean noRouteOnly) {
    List<AccessLogFilter> filters = new ArrayList<>();
    for (String expression : celMatches) {
      filters.add(AccessLogFilter.newBuilder().setExtensionFilter(ExtensionFilter.newBuilder()
          .setName("envoy.access_loggers.extension_filters.cel")
          .setTypedConfig(Any.pack(ExpressionFilter.newBuilder().setExpression(expression)
              .build()))).build());
    }
    if (noRouteOnly) {
      filters.add(AccessLogFilter.newBuilder().setResponseFlagFilter(
          ResponseFlagFilter.newBuilder().addFlags("NR")).build());
    }
    if (filters.isEmpty()) {
      return null;
    }
    if (filters.size() == 1) {
      return filters.getFirst();
    }
    return AccessLogFilter.newBuilder().setAndFilter(AndFilter.newBuilder().addAllFilters(filters))
        .build();
  }

  private static io.envoyproxy.envoy.config.accesslog.v3.AccessLog log(String name, Message config,
      AccessLogFilter filter) {
    var log = io.envoyproxy.envoy.config.accesslog.v3.AccessLog.newBuilder().setName(name)
        .setTypedConfig(Any.pack(config));
    if (filter != null) {
      log.setFilter(filter);
    }
    return log.build();
  }

  private static TypedExtensionConfig reqWithoutQuery() {
    return TypedExtensionConfig.newBuilder().setName("envoy.formatter.req_without_query")
        .setTypedConfig(Any.pack(ReqWithoutQuery.getDefaultInstance())).build();
  }

  private static List<MapEntry> defaults() {
    return DEFAULT_JSON_FIELDS.entrySet().stream()
        .map(e -> new MapEntry(e.getKey(), e.getValue())).toList();
  }

  /** OTLP attributes; access-log attributes also name the pod and its namespace. */
  static KeyValueList keyValues(List<MapEntry> entries, boolean withPod) {
    KeyValueList.Builder list = KeyValueList.newBuilder();
    if (withPod) {
      list.addValues(keyValue("k8s.namespace.name", "%ENVIRONMENT(ENVOY_POD_NAMESPACE)%"));
      list.addValues(keyValue("k8s.pod.name", "%ENVIRONMENT(ENVOY_POD_NAME)%"));
    }
    entries.forEach(e -> list.addValues(keyValue(e.key(), e.value())));
    return list.build();
  }

  private static KeyValue keyValue(String key, String value) {
    return KeyValue.newBuilder().setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  /** The clusters of gRPC and OpenTelemetry log collectors. */
  static void addClusters(ResourceTable table, AccessLog al, dev.attache.control.ir.Metrics metrics,
      dev.attache.control.ir.HealthCheckLog healthCheckLog, TranslatorSettings settings) {
    if (al == null) {
      return;
    }
    for (AlsAccessLog als : al.als()) {
      Clusters.add(table, ServiceClusters.collectorArgs(als.destination(), als.traffic(), null,
          healthCheckLog), settings);
    }
    for (OtelAccessLog otel : al.openTelemetry()) {
      Clusters.add(table, ServiceClusters.collectorArgs(otel.destination(), otel.traffic(), metrics,
          healthCheckLog), settings);
    }
  }
}

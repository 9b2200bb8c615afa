package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.backend.TelemetryDestinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.InfraDraft;
import dev.attache.control.gatewayapi.context.IpAddresses;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.ir.AccessLog;
import dev.attache.control.ir.AlsAccessLog;
import dev.attache.control.ir.AlsHttp;
import dev.attache.control.ir.CustomTagEntry;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.HttpHeader;
import dev.attache.control.ir.JsonAccessLog;
import dev.attache.control.ir.LiteralTag;
import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.OtelAccessLog;
import dev.attache.control.ir.OtelProvider;
import dev.attache.control.ir.OtelSampler;
import dev.attache.control.ir.ResolvedMetricSink;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.SpanName;
import dev.attache.control.ir.TextAccessLog;
import dev.attache.control.ir.Tracing;
import dev.attache.control.ir.ValueSourceTag;
import dev.attache.control.ir.ZipkinProvider;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.CustomTag;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.ProxyAccessLog;
import dev.attache.control.resource.envoygateway.ProxyAccessLogFormat;
import dev.attache.control.resource.envoygateway.ProxyAccessLogSetting;
import dev.attache.control.resource.envoygateway.ProxyAccessLogSink;
import dev.attache.control.resource.envoygateway.ProxyTracing;
import dev.attache.control.resource.envoygateway.TracingProvider;
import dev.attache.control.resource.gatewayapi.Fraction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway-wide telemetry of the xDS IR from its EnvoyProxy: access logs (JSON to stdout when
 * nothing is configured), tracing and metrics. A telemetry backend that does not resolve makes
 * the Gateway {@code Accepted=False}, as in Envoy Gateway's {@code processProxyObservability}.
 */
final class ProxyObservability {
  private final TelemetryDestinations backends;
  private final boolean mergeGateways;

  ProxyObservability(TelemetryDestinations backends, boolean mergeGateways) {
    this.backends = backends;
    this.mergeGateways = mergeGateways;
  }

  void apply(GatewayContext gateway, XdsDraft xds, InfraDraft infra) {
    EnvoyProxy ep = infra.config;
    try {
      xds.accessLog = accessLog(gateway, ep);
    } catch (TelemetryDestinations.InvalidBackendException e) {
      gateway.setCondition("Accepted", false, "InvalidParameters",
          "Invalid access log backendRefs in the referenced EnvoyProxy: " + e.getMessage());
      return;
    }
    try {
      xds.tracing = tracing(gateway, ep);
    } catch (TelemetryDestinations.InvalidBackendException e) {
      gateway.setCondition("Accepted", false, "InvalidParameters",
          "Invalid tracing backendRefs in the referenced EnvoyProxy: " + e.getMessage());
      return;
    }
    xds.metrics = metrics(ep);
    try {
      infra.resolvedMetricSinks = metricSinks(gateway, ep);
    } catch (TelemetryDestinations.InvalidBackendException e) {
      xds.metrics = null;
      gateway.setCondition("Accepted", false, "InvalidParameters",
          "Invalid metrics backendRefs in the referenced EnvoyProxy: " + e.getMessage());
      return;
    }
    xds.healthCheckLog = ep == null || ep.spec() == null || ep.spec().telemetry() == null ? null
        : dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation.healthCheckLog(
            ep.spec().telemetry().healthCheckLog());
  }

  private AccessLog accessLog(GatewayContext gateway, EnvoyProxy ep) throws TelemetryDestinations.InvalidBackendException {
    ProxyAccessLog config = ep == null || ep.spec() == null || ep.spec().telemetry() == null
        ? null : ep.spec().telemetry().accessLog();
    boolean disabled = config != null && Boolean.TRUE.equals(config.disable());
    if (config == null || (!disabled && (config.settings() == null || config.settings().isEmpty()))) {
      return new AccessLog(null, List.of(new JsonAccessLog(null, null, "/dev/stdout", null)), null, null);
    }
    if (disabled) {
      return null;
    }
    List<TextAccessLog> text = new ArrayList<>();
    List<JsonAccessLog> json = new ArrayList<>();
    List<AlsAccessLog> als = new ArrayList<>();
    List<OtelAccessLog> otel = new ArrayList<>();
    List<ProxyAccessLogSetting> settings = config.settings();
    for (int i = 0; i < settings.size(); i++) {
      ProxyAccessLogSetting setting = settings.get(i);
      String logType = setting.type();
      ProxyAccessLogFormat format = setting.format() != null ? setting.format() : new ProxyAccessLogFormat("JSON", null, null);
      List<String> matches = setting.matches() == null ? List.of() : setting.matches();
      List<String> invalid = new ArrayList<>();
      for (String expr : matches) {
        if (!CelSyntax.parses(expr)) {
          invalid.add("invalid CEL expression: " + expr);
        }
      }
      if (!invalid.isEmpty()) {
        throw new TelemetryDestinations.InvalidBackendException(
            invalid.size() == 1 ? invalid.getFirst() : "[" + String.join(", ", invalid) + "]");
      }
      List<ProxyAccessLogSink> sinks = setting.sinks() == null ? List.of() : setting.sinks();
      if (sinks.isEmpty()) {
        json.add(new JsonAccessLog(matches, ResourceMetadatas.entries(format.json()), "/dev/stdout", logType));
      }
      for (int j = 0; j < sinks.size(); j++) {
        ProxyAccessLogSink sink = sinks.get(j);
        switch (sink.type() == null ? "" : sink.type()) {
          case "File" -> {
            if (sink.file() == null) {
              continue;
            }
            if ("Text".equals(format.type())) {
              text.add(new TextAccessLog(matches, format.text(), sink.file().path(), logType));
            } else {
              json.add(new JsonAccessLog(matches, ResourceMetadatas.entries(format.json()), sink.file().path(), logType));
            }
          }
          case "ALS" -> {
            var a = sink.als();
            if (a == null) {
              continue;
            }
            String logName = a.logName() != null ? a.logName() : ep.namespace() + "/" + ep.name();
            String dest = "accesslog_als_" + i + "_" + j;
            var resolved = backends.resolve(dest + "/backend/-1", refs(a.backendRef(), a.backendRefs()),
                a.backendSettings(), ep, gateway);
            List<DestinationSetting> ds = grpc(resolved.settings());
            AlsHttp http = null;
            if ("HTTP".equals(a.type()) && a.http() != null) {
              http = new AlsHttp(a.http().requestHeaders(), a.http().responseHeaders(), a.http().responseTrailers());
            }
            boolean textFormat = "Text".equals(format.type());
            als.add(new AlsAccessLog(matches, logName, new RouteDestination(dest, null, ds, null, metadata(ep)),
                resolved.traffic(), a.type(), textFormat ? format.text() : null,
                textFormat ? null : ResourceMetadatas.entries(format.json()), http, logType));
          }
          case "OpenTelemetry" -> {
            var o = sink.openTelemetry();
            if (o == null) {
              continue;
            }
            String dest = "accesslog_otel_" + i + "_" + j;
            String settingName = dest + "/backend/-1";
            var resolved = backends.resolve(settingName, refs(o.backendRef(), o.backendRefs()), o.backendSettings(), ep,
                gateway);
            List<DestinationSetting> ds = grpc(resolved.settings());
            String authority = authority(ds);
            if (ds.isEmpty()) {
              String host = o.host() == null ? "" : o.host();
              int port = o.host() == null || o.port() == null ? 0 : o.port();
              ds = hostAndPort(settingName, host, port);
              authority = host;
            }
            Map<String, String> resourceAttributes = o.resourceAttributes() != null ? o.resourceAttributes() : o.resources();
            otel.add(new OtelAccessLog(matches, authority,
                format.type() == null || "Text".equals(format.type()) ? format.text() : null,
                format.type() == null || "JSON".equals(format.type()) ? ResourceMetadatas.entries(format.json()) : null,
                ResourceMetadatas.entries(resourceAttributes), headers(o.headers()),
                new RouteDestination(dest, null, ds, null, metadata(ep)), resolved.traffic(), logType));
          }
          default -> { }
        }
      }
    }
    return new AccessLog(text, json, als, otel);
  }

  private Tracing tracing(GatewayContext gateway, EnvoyProxy ep) throws TelemetryDestinations.InvalidBackendException {
    ProxyTracing tracing = ep == null || ep.spec() == null || ep.spec().telemetry() == null
        ? null : ep.spec().telemetry().tracing();
    if (tracing == null) {
      return null;
    }
    TracingProvider provider = tracing.provider();
    String dest = "tracing";
    String settingName = dest + "/backend/-1";
    var resolved = backends.resolve(settingName, refs(provider.backendRef(), provider.backendRefs()),
        provider.backendSettings(), ep, gateway);
    List<DestinationSetting> ds = resolved.settings();
    if ("OpenTelemetry".equals(provider.type())) {
      ds = grpc(ds);
    }
    String authority = authority(ds);
    if (ds.isEmpty()) {
      String host = provider.host() == null ? "" : provider.host();
      int port = provider.host() == null || provider.port() == null ? 0 : provider.port();
      ds = hostAndPort(settingName, host, port);
      authority = host;
    }
    var gw = gateway.gateway();
    String serviceName = mergeGateways ? gateway.gatewayClassName() : gw.name() + "." + gw.namespace();
    if (provider.serviceName() != null) {
      serviceName = provider.serviceName();
    }
    List<CustomTagEntry> customTags = null;
    if (tracing.customTags() != null && !tracing.customTags().isEmpty()) {
      customTags = new ArrayList<>();
      for (Map.Entry<String, CustomTag> e : new TreeMap<>(tracing.customTags()).entrySet()) {
        customTags.add(new CustomTagEntry(e.getKey(), customTag(e.getValue())));
      }
    }
    var otel = provider.openTelemetry();
    return new Tracing(serviceName, authority, samplingRate(tracing.samplingRate(), tracing.samplingFraction()),
        tracing.clientSamplingFraction() == null ? null : samplingRate(null, tracing.clientSamplingFraction()),
        tracing.overallSamplingFraction() == null ? null : samplingRate(null, tracing.overallSamplingFraction()),
        customTags, ResourceMetadatas.entries(tracing.tags()),
        ResourceMetadatas.entries(otel == null ? null : otel.resourceAttributes()),
        new RouteDestination(dest, null, ds, null, metadata(ep)), resolved.traffic(), provider(provider),
        otel == null ? null : headers(otel.headers()),
        tracing.spanName() == null ? null : new SpanName(tracing.spanName().client(), tracing.spanName().server()));
  }

  private static dev.attache.control.ir.CustomTag customTag(CustomTag t) {
    return new dev.attache.control.ir.CustomTag(t.type(),
        t.literal() == null ? null : new LiteralTag(t.literal().value()),
        t.environment() == null ? null : new ValueSourceTag(t.environment().name(), t.environment().defaultValue()),
        t.requestHeader() == null ? null
            : new ValueSourceTag(t.requestHeader().name(), t.requestHeader().defaultValue()));
  }

  static List<HttpHeader> headers(List<dev.attache.control.resource.gatewayapi.HTTPHeader> headers) {
    if (headers == null) {
      return null;
    }
    List<HttpHeader> out = new ArrayList<>();
    for (var h : headers) {
      out.add(new HttpHeader(h.name(), h.value()));
    }
    return out;
  }

  private static dev.attache.control.ir.TracingProvider provider(TracingProvider p) {
    var z = p.zipkin();
    var o = p.openTelemetry();
    OtelProvider otel = null;
    if (o != null) {
      OtelSampler sampler = null;
      if (o.sampler() != null) {
        Fraction f = o.sampler().samplingPercentage();
        sampler = new OtelSampler(o.sampler().type(),
            f == null ? null : new dev.attache.control.ir.Fraction(f.numerator(), f.denominator()));
      }
      otel = new OtelProvider(headers(o.headers()), o.resourceAttributes(), sampler);
    }
    return new dev.attache.control.ir.TracingProvider(p.backendRef(), p.backendRefs(), p.backendSettings(), p.type(),
        p.host(), p.port() == null ? 0 : p.port(), p.serviceName(),
        z == null ? null : new ZipkinProvider(z.enable128BitTraceId(), z.disableSharedSpanContext()), otel);
  }

  /** The OpenTelemetry metrics sinks, resolved to destinations, each address once. */
  private List<ResolvedMetricSink> metricSinks(GatewayContext gateway, EnvoyProxy ep)
      throws TelemetryDestinations.InvalidBackendException {
    var m = ep == null || ep.spec() == null || ep.spec().telemetry() == null ? null : ep.spec().telemetry().metrics();
    if (m == null || m.sinks() == null) {
      return null;
    }
    List<ResolvedMetricSink> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < m.sinks().size(); i++) {
      var o = m.sinks().get(i).openTelemetry();
      if (o == null) {
        continue;
      }
      String dest = "metrics_otel_" + i;
      String settingName = dest + "/backend/-1";
      var resolved = backends.resolve(settingName, refs(o.backendRef(), o.backendRefs()), o.backendSettings(), ep,
          gateway);
      List<DestinationSetting> ds = grpc(resolved.settings());
      String authority = authority(ds);
      if (ds.isEmpty() && o.host() != null) {
        ds = hostAndPort(settingName, o.host(), o.port() == null ? 0 : o.port());
        authority = o.host();
      }
      if (ds.isEmpty() || ds.getFirst().endpoints().isEmpty()) {
        continue;
      }
      var endpoint = ds.getFirst().endpoints().getFirst();
      String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
      if (!seen.add(host + ":" + endpoint.port())) {
        continue;
      }
      out.add(new ResolvedMetricSink(new RouteDestination(dest, null, ds, null, metadata(ep)), authority,
          headers(o.headers()), o.resourceAttributes(), Boolean.TRUE.equals(o.reportCountersAsDeltas()),
          Boolean.TRUE.equals(o.reportHistogramsAsDeltas())));
    }
    return out;
  }

  private static Metrics metrics(EnvoyProxy ep) {
    var m = ep == null || ep.spec() == null || ep.spec().telemetry() == null ? null : ep.spec().telemetry().metrics();
    if (m == null) {
      return null;
    }
    return new Metrics(Boolean.TRUE.equals(m.enableVirtualHostStats()), Boolean.TRUE.equals(m.enablePerEndpointStats()),
        Boolean.TRUE.equals(m.enableRequestResponseSizesStats()));
  }

  static double samplingRate(Long rate, Fraction fraction) {
    if (rate != null) {
      return rate;
    }
    if (fraction == null) {
      return 100.0;
    }
    double denominator = fraction.denominator() == null ? 100 : fraction.denominator();
    double value = fraction.numerator() * 100 / denominator;
    return Math.min(100, Math.max(0, value));
  }

  private static List<BackendRef> refs(dev.attache.control.resource.gatewayapi.BackendObjectReference single,
      List<BackendRef> refs) {
    if (refs != null && !refs.isEmpty()) {
      return refs;
    }
    return List.of();
  }

  private static ResourceMetadata metadata(EnvoyProxy ep) {
    return ResourceMetadatas.of(ep, "EnvoyProxy", null);
  }

  private static List<DestinationSetting> grpc(List<DestinationSetting> settings) {
    List<DestinationSetting> out = new ArrayList<>();
    for (DestinationSetting d : settings) {
      out.add(new DestinationSetting(d.name(), d.isDynamicResolver(), d.isCustomBackend(), d.weight(), d.priority(),
          "GRPC", d.forceHTTP1Upstream(), d.endpoints(), d.addressType(), d.ipFamily(), d.tls(), d.filters(),
          d.preferLocal(), d.metadata(), d.invalid()));
    }
    return out;
  }

  /** The gRPC authority of a telemetry destination: its SNI, a hostname endpoint, or its Service name. */
  static String authority(List<DestinationSetting> ds) {
    if (ds.isEmpty()) {
      return "";
    }
    DestinationSetting d = ds.getFirst();
    if (d.tls() != null && d.tls().sni() != null) {
      return d.tls().sni();
    }
    if (!d.endpoints().isEmpty()) {
      String host = d.endpoints().getFirst().host();
      if (!IpAddresses.isIp(host)) {
        return host;
      }
      ResourceMetadata m = d.metadata();
      if (m != null && m.name() != null && !m.name().isEmpty()) {
        if (m.namespace() != null && !m.namespace().isEmpty()) {
          return "Service".equals(m.kind()) ? m.name() + "." + m.namespace() + ".svc" : m.name() + "." + m.namespace();
        }
        return m.name();
      }
    }
    return "";
  }

  static List<DestinationSetting> hostAndPort(String name, String host, int port) {
    String addressType = IpAddresses.isIp(host) ? "IP" : "FQDN";
    return List.of(new DestinationSetting(name, false, false, 1, null, "GRPC", false,
        List.of(new DestinationEndpoint(null, host, port, null, false, null)), addressType, null, null, null, null, null,
        false));
  }
}

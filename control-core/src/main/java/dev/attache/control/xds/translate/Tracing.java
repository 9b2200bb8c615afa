package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Message;
import dev.attache.control.ir.CustomTagEntry;
import dev.attache.control.ir.Fraction;
import dev.attache.control.ir.MapEntry;
import dev.attache.control.ir.OtelSampler;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.trace.v3.DatadogConfig;
import io.envoyproxy.envoy.config.trace.v3.OpenTelemetryConfig;
import io.envoyproxy.envoy.config.trace.v3.ZipkinConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.tracers.opentelemetry.resource_detectors.v3.StaticConfigResourceDetectorConfig;
import io.envoyproxy.envoy.extensions.tracers.opentelemetry.samplers.v3.AlwaysOnSamplerConfig;
import io.envoyproxy.envoy.type.tracing.v3.CustomTag;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.Percent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.TreeMap;

/** The tracing settings of an HTTP connection manager and the collector they send spans to. */
final class Tracing {
  private Tracing() {}

  static HttpConnectionManager.Tracing build(dev.attache.control.ir.Tracing t) {
    var provider = t.provider();
    String type = provider == null ? "" : provider.type();
    String collector = t.destination() == null ? "" : t.destination().name();
    String providerName;
    Message config;
    switch (type) {
      case "Datadog" -> {
        providerName = "envoy.tracers.datadog";
        config = DatadogConfig.newBuilder().setServiceName(t.serviceName())
            .setCollectorCluster(collector).build();
      }
      case "OpenTelemetry" -> {
        providerName = "envoy.tracers.opentelemetry";
        GrpcService.Builder service = GrpcService.newBuilder().setEnvoyGrpc(
            GrpcService.EnvoyGrpc.newBuilder().setClusterName(collector)
                .setAuthority(t.authority()));
        t.headers().forEach(h -> service.addInitialMetadata(
            HeaderValue.newBuilder().setKey(h.name()).setValue(h.value())));
        OpenTelemetryConfig.Builder otel = OpenTelemetryConfig.newBuilder().setGrpcService(service)
            .setServiceName(t.serviceName());
        if (!t.resourceAttributes().isEmpty()) {
          StaticConfigResourceDetectorConfig.Builder detector =
              StaticConfigResourceDetectorConfig.newBuilder();
          t.resourceAttributes().forEach(e -> detector.putAttributes(e.key(), e.value()));
          otel.addResourceDetectors(TypedExtensionConfig.newBuilder()
              .setName("envoy.tracers.opentelemetry.resource_detectors.static_config")
              .setTypedConfig(Any.pack(detector.build())));
        }
        OtelSampler sampler = provider.openTelemetry() == null ? null
            : provider.openTelemetry().sampler();
        if (sampler != null) {
          otel.setSampler(sampler(sampler));
        }
        config = otel.build();
      }
      case "Zipkin" -> {
        providerName = "envoy.traces.zipkin";
        var z = provider.zipkin();
        config = ZipkinConfig.newBuilder().setCollectorCluster(collector)
            .setCollectorEndpoint("/api/v2/spans")
            .setTraceId128Bit(z != null && Boolean.TRUE.equals(z.enable128BitTraceId()))
            .setSharedSpanContext(BoolValue.of(
                z == null || !Boolean.TRUE.equals(z.disableSharedSpanContext())))
            .setCollectorEndpointVersion(ZipkinConfig.CollectorEndpointVersion.HTTP_JSON).build();
      }
      default -> throw new IllegalArgumentException("unknown tracing provider type: " + type);
    }
    boolean otelSampler = provider.openTelemetry() != null
        && provider.openTelemetry().sampler() != null;
    HttpConnectionManager.Tracing.Builder out = HttpConnectionManager.Tracing.newBuilder()
        .setClientSampling(percent(t.clientSamplingRate() == null ? 0 : t.clientSamplingRate()))
        .setOverallSampling(percent(t.overallSamplingRate() == null ? 100 : t.overallSamplingRate()))
        .setRandomSampling(percent(otelSampler ? 100
            : t.samplingRate() == null ? 0 : t.samplingRate()))
        .setProvider(io.envoyproxy.envoy.config.trace.v3.Tracing.Http.newBuilder()
            .setName(providerName).setTypedConfig(Any.pack(config)))
        .setSpawnUpstreamSpan(BoolValue.of(true));
    tags(t.customTags(), t.tags()).values().forEach(out::addCustomTags);
    if (t.spanName() != null) {
      if (!t.spanName().client().isEmpty()) {
        NewerEnvoyFields.setString(out, "operation", t.spanName().client());
      }
      if (!t.spanName().server().isEmpty()) {
        NewerEnvoyFields.setString(out, "upstream_operation", t.spanName().server());
      }
    }
    return out.build();
  }

  private static Percent percent(double value) {
    return Percent.newBuilder().setValue(value).build();
  }

  /** Custom tags then plain tags, one per name (a plain tag wins), sorted by name. */
  static TreeMap<String, CustomTag> tags(java.util.List<CustomTagEntry> customTags,
      java.util.List<MapEntry> plainTags) {
    TreeMap<String, CustomTag> out = new TreeMap<>();
    for (CustomTagEntry entry : customTags) {
      var v = entry.value();
      CustomTag.Builder tag = CustomTag.newBuilder().setTag(entry.key());
      switch (v.type()) {
        case "Literal" -> tag.setLiteral(CustomTag.Literal.newBuilder()
            .setValue(v.literal().value()));
        case "Environment" -> tag.setEnvironment(CustomTag.Environment.newBuilder()
            .setName(v.environment().name())
            .setDefaultValue(Clusters.nz(v.environment().defaultValue())));
        case "RequestHeader" -> tag.setRequestHeader(CustomTag.Header.newBuilder()
            .setName(v.requestHeader().name())
            .setDefaultValue(Clusters.nz(v.requestHeader().defaultValue())));
        default -> throw new IllegalArgumentException("unknown custom tag type: " + v.type());
      }
      out.put(entry.key(), tag.build());
    }
    for (MapEntry e : plainTags) {
      CustomTag.Builder tag = CustomTag.newBuilder().setTag(e.key());
      NewerEnvoyFields.setString(tag, "value", e.value());
      out.put(e.key(), tag.build());
    }
    return out;
  }

  private static TypedExtensionConfig sampler(OtelSampler s) {
    Fraction zero = new Fraction(0, null);
    return switch (s.type()) {
      case "AlwaysOn" -> alwaysOn();
      case "AlwaysOff" -> ratio(zero);
      case "TraceIdRatio" -> ratio(s.samplingPercentage());
      case "ParentBasedAlwaysOn" -> parentBased(alwaysOn());
      case "ParentBasedAlwaysOff" -> parentBased(ratio(zero));
      case "ParentBasedTraceIdRatio" -> parentBased(ratio(s.samplingPercentage()));
      default -> throw new IllegalArgumentException("unknown sampler type: " + s.type());
    };
  }

  private static TypedExtensionConfig alwaysOn() {
    return TypedExtensionConfig.newBuilder()
        .setName("envoy.tracers.opentelemetry.samplers.always_on")
        .setTypedConfig(Any.pack(AlwaysOnSamplerConfig.getDefaultInstance())).build();
  }

  private static TypedExtensionConfig ratio(Fraction fraction) {
    var config = NewerEnvoyFields.newMessage(
        NewerEnvoyFields.SAMPLERS + ".TraceIdRatioBasedSamplerConfig");
    NewerEnvoyFields.set(config, "sampling_percentage", fraction == null
        ? FractionalPercent.newBuilder().setNumerator(100)
            .setDenominator(FractionalPercent.DenominatorType.HUNDRED).build()
        : fractionalPercent(fraction));
    return TypedExtensionConfig.newBuilder()
        .setName("envoy.tracers.opentelemetry.samplers.trace_id_ratio_based")
        .setTypedConfig(Any.pack(config.build())).build();
  }

  private static TypedExtensionConfig parentBased(TypedExtensionConfig wrapped) {
    var config = NewerEnvoyFields.newMessage(NewerEnvoyFields.SAMPLERS + ".ParentBasedSamplerConfig");
    NewerEnvoyFields.set(config, "wrapped_sampler", wrapped);
    return TypedExtensionConfig.newBuilder()
        .setName("envoy.tracers.opentelemetry.samplers.parent_based")
        .setTypedConfig(Any.pack(config.build())).build();
  }

  /** The route's own tracing settings (BackendTrafficPolicy telemetry), or null. */
  static io.envoyproxy.envoy.config.route.v3.Tracing route(
      dev.attache.control.ir.BackendTracing t) {
    var out = io.envoyproxy.envoy.config.route.v3.Tracing.newBuilder()
        .setClientSampling(t.clientSamplingFraction() == null
            ? fp(0, FractionalPercent.DenominatorType.HUNDRED)
            : fractionalPercent(t.clientSamplingFraction()));
    if (t.samplingFraction() != null) {
      out.setRandomSampling(fractionalPercent(t.samplingFraction()));
    }
    if (t.overallSamplingFraction() != null) {
      out.setOverallSampling(fractionalPercent(t.overallSamplingFraction()));
    }
    tags(t.customTags(), t.tags()).values().forEach(out::addCustomTags);
    if (t.spanName() != null) {
      if (!t.spanName().client().isEmpty()) {
        NewerEnvoyFields.setString(out, "operation", t.spanName().client());
      }
      if (!t.spanName().server().isEmpty()) {
        NewerEnvoyFields.setString(out, "upstream_operation", t.spanName().server());
      }
    }
    return out.build();
  }

  /** A Gateway API fraction as an Envoy fractional percent, exact where the denominator allows. */
  static FractionalPercent fractionalPercent(Fraction f) {
    if (f.denominator() == null || f.denominator() == 100) {
      return fp(f.numerator(), FractionalPercent.DenominatorType.HUNDRED);
    }
    return switch (f.denominator()) {
      case 1000 -> fp(f.numerator() * 10, FractionalPercent.DenominatorType.TEN_THOUSAND);
      case 10000 -> fp(f.numerator(), FractionalPercent.DenominatorType.TEN_THOUSAND);
      case 100000 -> fp(f.numerator() * 10, FractionalPercent.DenominatorType.MILLION);
      case 1000000 -> fp(f.numerator(), FractionalPercent.DenominatorType.MILLION);
      default -> fp(BigDecimal.valueOf(f.numerator()).multiply(BigDecimal.valueOf(1_000_000))
          .divide(BigDecimal.valueOf(f.denominator()), 0, RoundingMode.DOWN).intValue(),
          FractionalPercent.DenominatorType.MILLION);
    };
  }

  private static FractionalPercent fp(int numerator, FractionalPercent.DenominatorType d) {
    return FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(d).build();
  }
}

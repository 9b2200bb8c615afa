package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.ClusterSettings;
import dev.attache.control.resource.gatewayapi.BackendObjectReference;
import java.util.List;

/**
 * Where spans go: OpenTelemetry, Zipkin or Datadog. Upstream carries the EnvoyProxy's provider as
 * written, so the backend references and settings are here too, for the record.
 */
public record TracingProvider(
    @JsonProperty("backendRef") BackendObjectReference backendRef,
    @JsonProperty("backendRefs") List<BackendRef> backendRefs,
    @JsonProperty("backendSettings") ClusterSettings backendSettings,
    @JsonProperty("type") String type,
    @JsonProperty("host") String host,
    @JsonProperty("port") int port,
    @JsonProperty("serviceName") String serviceName,
    @JsonProperty("zipkin") ZipkinProvider zipkin,
    @JsonProperty("openTelemetry") OtelProvider openTelemetry) {
  public TracingProvider {
    type = type == null ? "" : type;
    backendRefs = backendRefs == null ? List.of() : List.copyOf(backendRefs);
  }

  /** A provider without backend references. */
  public TracingProvider(String type, String host, int port, String serviceName, ZipkinProvider zipkin,
      OtelProvider openTelemetry) {
    this(null, null, null, type, host, port, serviceName, zipkin, openTelemetry);
  }
}

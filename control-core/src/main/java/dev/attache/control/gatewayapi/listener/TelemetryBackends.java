package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.ClusterSettings;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.List;

/** Resolves the backends an EnvoyProxy sends telemetry to (access log services, tracers, metrics sinks). */
public interface TelemetryBackends {
  /** The destinations of {@code backendRefs} (empty when there are none) and their traffic settings. */
  Resolved resolve(String settingName, List<BackendRef> backendRefs, ClusterSettings settings, EnvoyProxy envoyProxy,
      GatewayContext gateway) throws InvalidBackendException;

  /** Resolved telemetry backends. */
  record Resolved(List<DestinationSetting> settings, TrafficFeatures traffic) {
  }

  /** A backend reference that cannot be used, with the reason. */
  final class InvalidBackendException extends Exception {
    public InvalidBackendException(String message) {
      super(message);
    }
  }
}

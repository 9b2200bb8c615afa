package dev.attache.control.xds.translate;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What the xDS translator needs besides the IR.
 *
 * @param controllerNamespace namespace of the control plane (Envoy Gateway's default:
 *     {@code envoy-gateway-system})
 * @param rateLimitServiceUrl the global rate-limit service, e.g.
 *     {@code grpc://envoy-ratelimit.envoy-gateway-system.svc.cluster.local:8081}
 */
public record TranslatorSettings(String controllerNamespace, String rateLimitServiceUrl,
    Set<RuntimeFlag> runtimeFlags) {
  public TranslatorSettings {
    requireNonNull(controllerNamespace, "controllerNamespace");
    requireNonNull(rateLimitServiceUrl, "rateLimitServiceUrl");
    runtimeFlags = Set.copyOf(runtimeFlags);
  }

  boolean enabled(RuntimeFlag flag) {
    return runtimeFlags.contains(flag);
  }
}

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
 * @param authzServiceUrl Attaché's authz-service, which enforces SecurityPolicy JWT, API key,
 *     basic auth and authorization, e.g.
 *     {@code grpc://attache-authz.envoy-gateway-system.svc.cluster.local:9191}
 */
public record TranslatorSettings(String controllerNamespace, String rateLimitServiceUrl,
    String authzServiceUrl, Set<RuntimeFlag> runtimeFlags) {
  /** The authz-service's default port, as {@code attache authz --port}. */
  public static final int AUTHZ_DEFAULT_PORT = 9191;

  public TranslatorSettings {
    requireNonNull(controllerNamespace, "controllerNamespace");
    requireNonNull(rateLimitServiceUrl, "rateLimitServiceUrl");
    requireNonNull(authzServiceUrl, "authzServiceUrl");
    runtimeFlags = Set.copyOf(runtimeFlags);
  }

  /** Settings with the authz-service at {@code attache-authz.<namespace>} on its default port. */
  public TranslatorSettings(String controllerNamespace, String rateLimitServiceUrl,
      Set<RuntimeFlag> runtimeFlags) {
    this(controllerNamespace, rateLimitServiceUrl, "grpc://attache-authz." + controllerNamespace
        + ".svc.cluster.local:" + AUTHZ_DEFAULT_PORT, runtimeFlags);
  }

  boolean enabled(RuntimeFlag flag) {
    return runtimeFlags.contains(flag);
  }
}
